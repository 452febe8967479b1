import Holidays from 'date-holidays';

/**
 * The public holidays of a country (and state) from the maintained date-holidays library, per year on
 * first use. Only `public` holidays count; observances, school and bank holidays (Heiligabend, Silvester)
 * do not. Appointments closes on them; applications skips them when counting working days.
 */
export class PublicHolidays {
  /** null: no country, so no public holidays (an installation that enters every closed day itself) */
  private readonly holidays: Holidays | null;
  private readonly byYear = new Map<number, Map<string, string>>();

  constructor(country: string, state?: string) {
    if (country === '') this.holidays = null;
    else this.holidays = state ? new Holidays(country, state) : new Holidays(country);
  }

  /** The holiday's name when `date` (YYYY-MM-DD) is a public holiday, else null. */
  holidayOn(date: string): string | null {
    if (!this.holidays) return null;
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
