import { Injectable } from '@nestjs/common';
import type { BusyByCounter } from '../calendar/slot-engine';
import { assertDateRange } from '../calendar/date-range';
import { isoInZone, localDateOf } from '../calendar/time';
import { LocationsRepository, type ServiceSchedule } from '../locations/locations.repository';
import type { BookableWindowDto, FreeDayListDto, SlotListDto, SlotQueryDto } from './dto/slots.dto';
import { type FreeSlot, SlotPlanner } from './slot-planner';
import { Clock } from '@buergeramt/platform';

export const MAX_SLOT_RANGE_DAYS = 62;

@Injectable()
export class SlotsService {
  constructor(
    private readonly planner: SlotPlanner,
    private readonly locations: LocationsRepository,
    private readonly clock: Clock,
  ) {}

  /** Every free start time from `from` to `to`, with the booking window. */
  async list(query: SlotQueryDto): Promise<SlotListDto> {
    const { slots, window } = await this.free(query);
    const zone = this.planner.zone;
    return {
      items: slots.map((slot) => ({
        locationId: slot.locationId,
        start: isoInZone(slot.start, zone),
        end: isoInZone(slot.end, zone),
      })),
      ...window,
    };
  }

  /**
   * How many free start times each date from `from` to `to` has (dates without any left out), with the
   * booking window: what a calendar shows, computed exactly as `list` (the same times, counted per city
   * date), at a fraction of its size (two months: about 2 KB instead of 150 KB).
   */
  async days(query: SlotQueryDto): Promise<FreeDayListDto> {
    const { slots, window } = await this.free(query);
    const zone = this.planner.zone;
    const items: FreeDayListDto['items'] = [];
    let current: { date: string; free: number } | undefined;
    for (const slot of slots) {
      const date = localDateOf(slot.start, zone);
      if (current?.date !== date) {
        current = { date, free: 0 };
        items.push(current);
      }
      current.free += 1;
    }
    return { items, ...window };
  }

  private async free(query: SlotQueryDto): Promise<{ slots: FreeSlot[]; window: BookableWindowDto }> {
    assertDateRange(query.from, query.to, MAX_SLOT_RANGE_DAYS);

    // one location (the usual case): its bookings are read in parallel with its schedule
    const prefetched = new Map<string, Promise<BusyByCounter>>();
    if (query.locationId) {
      const busy = this.locations.busyAtLocation(query.locationId, this.planner.range(query.from, query.to));
      busy.catch(() => undefined); // awaited below; a rejection must not go unhandled meanwhile
      prefetched.set(query.locationId, busy);
    }
    const { schedules, withdrawn } = await this.locations.slotSchedules(
      query.serviceId,
      query.locationId ?? null,
      query.from,
      query.to,
    );
    if (withdrawn) return { slots: [], window: { bookableFrom: null, bookableUntil: null } };
    const now = this.clock.now();
    const slots = await this.planner.freeSlots(schedules, query.from, query.to, now, prefetched);
    return { slots, window: this.bookable(schedules, now) };
  }

  /**
   * The booking window of the asked locations (each may override the service-wide window and lead time):
   * from the earliest first day to the latest last day; null when no location takes bookings.
   */
  private bookable(schedules: ServiceSchedule[], now: Date): BookableWindowDto {
    let bookableFrom: string | null = null;
    let bookableUntil: string | null = null;
    for (const schedule of schedules) {
      const dates = this.planner.bookableDates(schedule, now);
      if (!dates) continue;
      if (bookableFrom === null || dates.from < bookableFrom) bookableFrom = dates.from;
      if (bookableUntil === null || dates.until > bookableUntil) bookableUntil = dates.until;
    }
    return { bookableFrom, bookableUntil };
  }
}
