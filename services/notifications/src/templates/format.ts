import type { Locale } from '@buergeramt/contracts';

/** The city's calendar is in this zone (DESIGN.md: dates of the city's calendar in Europe/Berlin). */
export const CITY_TIME_ZONE = 'Europe/Berlin';

const INTL_LOCALE: Readonly<Record<Locale, string>> = { de: 'de-DE', en: 'en-GB' };

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone: CITY_TIME_ZONE,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    dateFormats.set(locale, format);
  }
  return format;
}

function timeFormat(locale: Locale): Intl.DateTimeFormat {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone: CITY_TIME_ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(locale, format);
  }
  return format;
}

/** "Dienstag, 1. Dezember 2026" / "Tuesday, 1 December 2026" in the city's time zone. */
export function formatDate(iso: string, locale: Locale): string {
  return dateFormat(locale).format(new Date(iso));
}

/** "10:30" in the city's time zone. */
export function formatTime(iso: string, locale: Locale): string {
  return timeFormat(locale).format(new Date(iso));
}

/** "Dienstag, 1. Dezember 2026, 10:30 Uhr" / "Tuesday, 1 December 2026, 10:30". */
export function formatDateTime(iso: string, locale: Locale): string {
  const time = formatTime(iso, locale);
  return `${formatDate(iso, locale)}, ${locale === 'de' ? `${time} Uhr` : time}`;
}

/** "Dienstag, 1. Dezember 2026, 10:30–10:45 Uhr"; the end's date is left out (appointments last minutes). */
export function formatTimeRange(startIso: string, endIso: string, locale: Locale): string {
  const range = `${formatTime(startIso, locale)}–${formatTime(endIso, locale)}`;
  return `${formatDate(startIso, locale)}, ${locale === 'de' ? `${range} Uhr` : range}`;
}
