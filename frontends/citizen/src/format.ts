/**
 * Dates and times as residents read them, always in the city's time zone (the API's timestamps carry
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
