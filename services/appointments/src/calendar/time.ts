import { DateTime } from 'luxon';

/** A half-open span of time [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Offsets per zone, keyed by the hour since the epoch (a number key: no string built per lookup). */
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's UTC offset in minutes at `ms` (zones change offsets only on whole hours; cached per hour). */
export function offsetMinutes(ms: number, zone: string): number {
  let byHour = offsetCache.get(zone);
  if (byHour === undefined) {
    byHour = new Map();
    offsetCache.set(zone, byHour);
  }
  const hour = Math.floor(ms / HOUR);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(ms, { zone }).offset;
    if (byHour.size > 50_000) byHour.clear();
    byHour.set(hour, offset);
  }
  return offset;
}

export function isCalendarDate(value: string): boolean {
  return DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** The calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(instant: Date | number, zone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const day = Math.floor((Math.trunc(ms) + offsetMinutes(ms, zone) * 60_000) / DAY);
  // years 0–9999 (the cached prefix); anything else as luxon writes it
  if (!(day >= -719_528 && day <= 2_932_896)) return DateTime.fromMillis(ms, { zone }).toISODate()!;
  return datePrefix(day).slice(0, 10);
}

/**
 * The instant of a wall-clock time on a date in `zone`. A time that does not exist (the hour skipped when
 * clocks go forward) moves forward by that hour, as a clock on the wall would show it.
 */
export function instantOf(date: string, time: string, zone: string): number {
  // The wall-clock time read as if it were UTC, corrected by the zone's offset (cached per hour), resolved
  // as luxon does: an ambiguous time (clocks going back) is the later instant, a skipped one moves forward.
  const asUtc = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(time.slice(0, 2)),
    Number(time.slice(3, 5)),
  );
  const before = offsetMinutes(asUtc - 6 * HOUR, zone);
  const after = offsetMinutes(asUtc + 6 * HOUR, zone);
  const candidates = [asUtc - before * 60_000, asUtc - after * 60_000] as const;
  const valid = candidates.filter((ms, i) => offsetMinutes(ms, zone) === (i === 0 ? before : after));
  // ambiguous (clocks going back): the later instant; skipped (clocks going forward): the old offset
  return valid.length > 0 ? Math.max(...valid) : candidates[0];
}

/** Day starts per zone and date (luxon's answer, remembered: a booking asks for a few days again and again). */
const dayStartCache = new Map<string, Map<string, number>>();

/** Midnight at the start of `date` in `zone` (the first instant of that date where midnight is skipped). */
export function startOfDay(date: string, zone: string): number {
  let byDate = dayStartCache.get(zone);
  if (byDate === undefined) {
    byDate = new Map();
    dayStartCache.set(zone, byDate);
  }
  let start = byDate.get(date);
  if (start === undefined) {
    start = DateTime.fromISO(date, { zone }).startOf('day').toMillis();
    if (byDate.size > 50_000) byDate.clear();
    byDate.set(date, start);
  }
  return start;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both calendar dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days,
  );
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
/** `YYYY-MM-DDT` per day since the epoch (local days of formatted instants; bounded like the offsets). */
const datePrefixCache = new Map<number, string>();
/** `±HH:MM` per offset in minutes. */
const offsetSuffixCache = new Map<number, string>();

function datePrefix(day: number): string {
  let prefix = datePrefixCache.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    if (datePrefixCache.size > 50_000) datePrefixCache.clear();
    datePrefixCache.set(day, prefix);
  }
  return prefix;
}

function offsetSuffix(offset: number): string {
  let suffix = offsetSuffixCache.get(offset);
  if (suffix === undefined) {
    const abs = Math.abs(offset);
    suffix = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    offsetSuffixCache.set(offset, suffix);
  }
  return suffix;
}

/**
 * An instant as ISO 8601 with the city's offset, e.g. 2026-03-30T08:00:00.000+02:00 (what
 * `new Date(local).toISOString()` gives, assembled from cached parts: it runs for every slot).
 */
export function isoInZone(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  const local = Math.trunc(ms) + offset * 60_000; // Date drops fractions of a millisecond, too
  const day = Math.floor(local / DAY);
  // years 0–9999 only (six-digit years beyond them); NaN and invalid dates fail there as they always did
  if (!(day >= -719_528 && day <= 2_932_896)) return isoInZoneSlow(ms, offset);
  let rest = local - day * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${datePrefix(day)}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}${offsetSuffix(offset)}`;
}

function isoInZoneSlow(ms: number, offset: number): string {
  return `${new Date(ms + offset * 60_000).toISOString().slice(0, 23)}${offsetSuffix(offset)}`;
}

/** `HH:MM` of a Postgres `time` value (`08:00:00` → `08:00`). */
export function hhmm(time: string): string {
  return time.slice(0, 5);
}

/** `spans` without the parts covered by `cut`. Both sorted, non-overlapping. */
export function subtract(spans: Span[], cut: Span): Span[] {
  const result: Span[] = [];
  for (const span of spans) {
    if (cut.end <= span.start || cut.start >= span.end) {
      result.push(span);
      continue;
    }
    if (cut.start > span.start) result.push({ start: span.start, end: cut.start });
    if (cut.end < span.end) result.push({ start: cut.end, end: span.end });
  }
  return result;
}
