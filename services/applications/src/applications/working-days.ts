import { PublicHolidays } from '@buergeramt/platform';
import { DateTime } from 'luxon';

export const CITY_ZONE = 'Europe/Berlin';

/**
 * Counts working days in the city's calendar: weekends and the public holidays of the state are skipped.
 */
export class WorkingDays {
  private readonly holidays: PublicHolidays;

  constructor(state: string) {
    this.holidays = new PublicHolidays('DE', state.toLowerCase());
  }

  isHoliday(date: string): boolean {
    return this.holidays.holidayOn(date) !== null;
  }

  isWorkingDay(date: DateTime): boolean {
    return date.weekday <= 5 && !this.isHoliday(date.toISODate() ?? '');
  }

  /**
   * The end (23:59:59.999 Berlin time) of the `days`-th working day after the day of `from`; with 0 days,
   * the end of the day of `from` (or of the next working day, if that is not one).
   */
  dueAt(from: Date, days: number): Date {
    let day = DateTime.fromJSDate(from, { zone: CITY_ZONE }).startOf('day');
    if (days === 0) {
      while (!this.isWorkingDay(day)) day = day.plus({ days: 1 });
    }
    let left = days;
    while (left > 0) {
      day = day.plus({ days: 1 });
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day.endOf('day').toJSDate();
  }

  /** The year of `at` in the city's calendar (references count per year). */
  static cityYear(at: Date): number {
    return DateTime.fromJSDate(at, { zone: CITY_ZONE }).year;
  }
}
