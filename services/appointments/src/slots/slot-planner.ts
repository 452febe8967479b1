import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HolidayCalendar } from '../calendar/holidays';
import {
  type BusyByCounter,
  type CalendarRules,
  candidateStarts,
  freeStarts,
  openSpans,
  openSpansBetween,
} from '../calendar/slot-engine';
import { addDays, localDateOf, type Span, startOfDay } from '../calendar/time';
import { AppointmentsConfig } from '../config';
import { BookingContexts } from '../locations/booking-contexts';
import {
  type BookingContext,
  LocationsRepository,
  type ServiceSchedule,
} from '../locations/locations.repository';

export interface FreeSlot {
  locationId: string;
  start: number;
  end: number;
}

/** Turns a location's schedule and its bookings into bookable start times (the rules in one place). */
@Injectable()
export class SlotPlanner {
  constructor(
    private readonly config: AppointmentsConfig,
    private readonly holidays: HolidayCalendar,
    private readonly locations: LocationsRepository,
    private readonly contexts: BookingContexts,
  ) {}

  get zone(): string {
    return this.config.CITY_TIME_ZONE;
  }

  rules(schedule: ServiceSchedule): CalendarRules {
    return {
      zone: this.zone,
      hours: schedule.hours,
      closures: schedule.closures,
      isHoliday: (date) => this.holidays.holidayOn(date) !== null,
    };
  }

  /** From now + lead time to the end of the last day of the booking window (city time). */
  bookingWindow(schedule: ServiceSchedule, now: Date): Span {
    const lead = (schedule.minLeadMinutes ?? this.config.BOOKING_MIN_LEAD_MINUTES) * 60_000;
    const days = schedule.bookingWindowDays ?? this.config.BOOKING_WINDOW_DAYS;
    const lastDay = addDays(localDateOf(now, this.zone), days);
    return { start: now.getTime() + lead, end: startOfDay(addDays(lastDay, 1), this.zone) };
  }

  /**
   * The first and last calendar date (city time) of the booking window: the date of now + lead time, and
   * the window's last day. Null when the lead time reaches past the window (nothing can be booked).
   */
  bookableDates(schedule: ServiceSchedule, now: Date): { from: string; until: string } | null {
    const window = this.bookingWindow(schedule, now);
    if (window.end <= window.start) return null;
    return { from: localDateOf(window.start, this.zone), until: localDateOf(window.end - 1, this.zone) };
  }

  /** Free start times from `from` to `to` (calendar dates, inclusive) for each schedule, sorted by time. */
  async freeSlots(
    schedules: ServiceSchedule[],
    from: string,
    to: string,
    now: Date,
    prefetched: ReadonlyMap<string, Promise<BusyByCounter>> = new Map(),
  ): Promise<FreeSlot[]> {
    const range: Span = { start: startOfDay(from, this.zone), end: startOfDay(addDays(to, 1), this.zone) };
    const perLocation = await Promise.all(
      schedules.map(async (schedule) => {
        const window = this.bookingWindow(schedule, now);
        const span = { start: Math.max(window.start, range.start), end: Math.min(window.end, range.end) };
        if (span.end <= span.start || schedule.counterIds.length === 0) return [];
        const starts = candidateStarts(
          openSpansBetween(from, to, this.rules(schedule)),
          schedule.slotIntervalMinutes,
          schedule.durationMinutes,
          span,
        );
        const first = starts[0];
        const last = starts.at(-1);
        if (first === undefined || last === undefined) return [];
        const busy =
          (await prefetched.get(schedule.locationId)) ??
          (await this.locations.busy(schedule.counterIds, {
            start: first,
            end: last + schedule.durationMinutes * 60_000,
          }));
        const duration = schedule.durationMinutes * 60_000;
        return freeStarts(starts, schedule.durationMinutes, schedule.counterIds, busy).map((start) => ({
          locationId: schedule.locationId,
          start,
          end: start + duration,
        }));
      }),
    );
    return perLocation.flat().sort((a, b) => a.start - b.start || a.locationId.localeCompare(b.locationId));
  }

  /** The whole range of `from`..`to` (calendar dates) as instants. */
  range(from: string, to: string): Span {
    return { start: startOfDay(from, this.zone), end: startOfDay(addDays(to, 1), this.zone) };
  }

  /** Whether `start` is one of the location's start times for the service (ignoring bookings). */
  isStartTime(schedule: ServiceSchedule, start: number, now: Date): boolean {
    const date = localDateOf(start, this.zone);
    const starts = candidateStarts(
      openSpans(date, this.rules(schedule)),
      schedule.slotIntervalMinutes,
      schedule.durationMinutes,
      this.bookingWindow(schedule, now),
    );
    return starts.includes(start);
  }

  /** The schedule of one location for one service on the date of `instant`, or null when not offered. */
  async scheduleAt(
    serviceId: string,
    locationId: string,
    instant: number,
    manager?: EntityManager,
  ): Promise<ServiceSchedule | null> {
    const date = localDateOf(instant, this.zone);
    const [schedule] = await this.locations.schedules(serviceId, locationId, date, date, manager);
    return schedule ?? null;
  }

  /**
   * `scheduleAt` with the office's and the service's names and the location's context version, for a
   * booking: from memory when read before (checked by the booking itself), fresh inside a transaction.
   */
  bookingContextAt(
    serviceId: string,
    locationId: string,
    instant: number,
    manager?: EntityManager,
  ): Promise<BookingContext | null> {
    const date = localDateOf(instant, this.zone);
    return manager
      ? this.contexts.read(serviceId, locationId, date, manager)
      : this.contexts.get(serviceId, locationId, date);
  }

  /** The booking found the location changed since its context was read: read it again next time. */
  forgetBookingContext(serviceId: string, locationId: string, instant: number): void {
    this.contexts.forget(serviceId, locationId, localDateOf(instant, this.zone));
  }
}
