import { DateTime } from 'luxon';

/** A half-open span of time [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const HOUR = 3_600_000;
const offsetCache = new Map<string, number>();

/** The zone's UTC offset in minutes at `ms` (zones change offsets only on whole hours; cached per hour). */
export function offsetMinutes(ms: number, zone: string): number {
  const key = `${zone}|${Math.floor(ms / HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(ms, { zone }).offset;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

export function isCalendarDate(value: string): boolean {
  return DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** The calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(instant: Date | number, zone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
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
  const candidates = [asUtc - before * 60_000, asUtc - after * 60_000];
  const valid = candidates.filter((ms, i) => offsetMinutes(ms, zone) === (i === 0 ? before : after));
  // ambiguous (clocks going back): the later instant; skipped (clocks going forward): the old offset
  return valid.length > 0 ? Math.max(...valid) : candidates[0];
}

/** Midnight at the start of `date` in `zone`. */
export function startOfDay(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
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

/** An instant as ISO 8601 with the city's offset, e.g. 2026-03-30T08:00:00.000+02:00. */
export function isoInZone(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
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
