import { Injectable } from '@nestjs/common';
import { localDateOf, startOfDay } from '../calendar/time';
import { AppointmentsConfig } from '../config';

/**
 * The city's calendar day, which the office works by (`CITY_TIME_ZONE`): the one place the office's
 * services (the counter's day, the agenda, the displays) turn instants into days and back.
 */
@Injectable()
export class OfficeDay {
  constructor(private readonly config: AppointmentsConfig) {}

  private get zone(): string {
    return this.config.CITY_TIME_ZONE;
  }

  /** The city's date (YYYY-MM-DD) of `instant`: today's for `clock.now()`. */
  dateOf(instant: Date | number): string {
    return localDateOf(instant, this.zone);
  }

  /** The instant the city's `day` (YYYY-MM-DD) begins. */
  start(day: string): Date {
    return new Date(startOfDay(day, this.zone));
  }
}
