/**
 * Dates and times as people read them (both apps), always in the city's time zone (the API's timestamps carry
 * offsets; its calendar dates are the city's). `locale` is the app's language.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

const intlLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : 'de-DE');

/** "Dienstag, 8. Dezember 2026" / "Tuesday 8 December 2026" for a timestamp. */
export function formatLongDate(iso: string, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(new Date(iso));
}

/** "08:15" for a timestamp. */
export function formatTime(iso: string, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(iso),
  );
}

/** A calendar date `YYYY-MM-DD` (no time zone shift), e.g. "Dienstag, 8. Dezember 2026". */
export function formatDay(day: string, locale: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...options,
    timeZone: 'UTC',
  }).format(dayToDate(day));
}

/** The calendar date of a timestamp in the city: `YYYY-MM-DD`. */
export function cityDay(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Noon UTC of a calendar date, so arithmetic on days never crosses a date line. */
export function dayToDate(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

export function addDays(day: string, days: number): string {
  const date = dayToDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((dayToDate(day).getUTCDay() + 6) % 7) + 1;
}

/** The city's calendar date today: `YYYY-MM-DD`. */
export function cityToday(now: Date = new Date(), timeZone = DEFAULT_TIME_ZONE): string {
  return cityDay(now, timeZone);
}

/** The month `YYYY-MM` of a calendar date `YYYY-MM-DD`. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** A month `YYYY-MM` moved by `months` (negative: back). */
export function addMonths(month: string, months: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** The number of days of a month `YYYY-MM`. */
export function daysInMonth(month: string): number {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 0)).getUTCDate();
}

/** The first and the last calendar date of a month `YYYY-MM`. */
export function monthBounds(month: string): { first: string; last: string } {
  return { first: `${month}-01`, last: `${month}-${String(daysInMonth(month)).padStart(2, '0')}` };
}

/** Whole days from calendar date `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToDate(to).getTime() - dayToDate(from).getTime()) / 86_400_000);
}

/** "Dezember 2026" / "December 2026" for a month `YYYY-MM`. */
export function formatMonth(month: string, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(dayToDate(`${month}-01`));
}

/** The names of the weekdays Monday … Sunday: `short` ("Mo", "Mon") or `long` ("Montag", "Monday"). */
export function weekdayNames(locale: string, width: 'short' | 'long'): string[] {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { weekday: width, timeZone: 'UTC' });
  // 2024-01-01 was a Monday
  return Array.from({ length: 7 }, (_, index) => format.format(dayToDate(addDays('2024-01-01', index))));
}

/** A file size as residents read it: "850 kB", "2,4 MB" (binary units, as file managers show them). */
export function formatBytes(bytes: number, locale: string): string {
  const mega = bytes >= 1024 * 1024;
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'unit',
    unit: mega ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: mega ? 1 : 0,
  }).format(mega ? bytes / (1024 * 1024) : Math.max(1, Math.round(bytes / 1024)));
}

/** "1. Dezember 2026 um 09:00" / "1 December 2026 at 09:00" for a timestamp. */
export function formatDateTime(iso: string, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
