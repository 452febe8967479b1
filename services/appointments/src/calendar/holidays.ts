import { Injectable } from '@nestjs/common';
import { AppointmentsConfig } from '../config';

import Holidays from 'date-holidays';

/**
 * The public holidays of the city's country and state (HOLIDAY_COUNTRY, HOLIDAY_STATE) from the
 * maintained date-holidays library: closed days without anyone entering them. Only `public` holidays
 * close; observances, school and bank holidays (Heiligabend, Silvester) do not.
 */
@Injectable()
export class HolidayCalendar {
  private readonly holidays: Holidays;
  private readonly byYear = new Map<number, Map<string, string>>();

  constructor(config: AppointmentsConfig) {
    this.holidays = config.HOLIDAY_STATE
      ? new Holidays(config.HOLIDAY_COUNTRY, config.HOLIDAY_STATE)
      : new Holidays(config.HOLIDAY_COUNTRY);
  }

  /** The holiday's name when `date` (YYYY-MM-DD) is a public holiday, else null. */
  holidayOn(date: string): string | null {
    const year = Number(date.slice(0, 4));
    let days = this.byYear.get(year);
    if (!days) {
      days = new Map();
      for (const holiday of this.holidays.getHolidays(year)) {
        if (holiday.type === 'public') days.set(holiday.date.slice(0, 10), holiday.name);
      }
      this.byYear.set(year, days);
    }
    return days.get(date) ?? null;
  }
}
