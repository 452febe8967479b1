import { addDays, instantOf, type Span, subtract, weekdayOf } from './time';

export interface WeeklyRange {
  weekday: number;
  /** HH:MM */
  opens: string;
  closes: string;
}

export interface ClosureRule {
  date: string;
  /** HH:MM, both null for the whole day */
  starts: string | null;
  ends: string | null;
}

export interface CalendarRules {
  zone: string;
  hours: readonly WeeklyRange[];
  closures: readonly ClosureRule[];
  isHoliday: (date: string) => boolean;
}

/** The opening spans of one calendar date, as instants: weekly hours minus closures; none on holidays. */
export function openSpans(date: string, rules: CalendarRules): Span[] {
  if (rules.isHoliday(date)) return [];
  const weekday = weekdayOf(date);
  let spans = rules.hours
    .filter((range) => range.weekday === weekday)
    .map((range) => ({
      start: instantOf(date, range.opens, rules.zone),
      end: instantOf(date, range.closes, rules.zone),
    }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  for (const closure of rules.closures) {
    if (closure.date !== date) continue;
    if (closure.starts === null || closure.ends === null) return [];
    spans = subtract(spans, {
      start: instantOf(date, closure.starts, rules.zone),
      end: instantOf(date, closure.ends, rules.zone),
    });
  }
  return spans;
}

/** Why a location is closed on a whole day. */
export const CLOSED_REASONS = ['holiday', 'closure', 'no-hours'] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

/**
 * The opening spans of one date (`openSpans`) and, when there are none, why: a public holiday (first),
 * closures covering the day's weekly hours, or no weekly hours on that weekday.
 */
export function openingDay(
  date: string,
  rules: CalendarRules,
): { spans: Span[]; closedReason: ClosedReason | null } {
  const spans = openSpans(date, rules);
  if (spans.length > 0) return { spans, closedReason: null };
  if (rules.isHoliday(date)) return { spans, closedReason: 'holiday' };
  const weekly = openSpans(date, { ...rules, closures: [] });
  return { spans, closedReason: weekly.length > 0 ? 'closure' : 'no-hours' };
}

/** Opening spans of every date from `from` to `to` (inclusive). */
export function openSpansBetween(from: string, to: string, rules: CalendarRules): Span[] {
  const spans: Span[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) spans.push(...openSpans(date, rules));
  return spans;
}

/**
 * Candidate start times: from the beginning of every opening span, every `stepMinutes` of real time, as
 * long as the whole duration fits into the span. Counting real time (not wall-clock time) keeps slots
 * correct across the change to and from summer time.
 */
export function candidateStarts(
  spans: readonly Span[],
  stepMinutes: number,
  durationMinutes: number,
  window: Span,
): number[] {
  const step = stepMinutes * 60_000;
  const duration = durationMinutes * 60_000;
  const starts: number[] = [];
  for (const span of spans) {
    for (let t = span.start; t + duration <= span.end; t += step) {
      if (t >= window.start && t < window.end) starts.push(t);
    }
  }
  return starts;
}

/** Busy spans per counter, each list sorted by start (the exclusion constraint keeps them disjoint). */
export type BusyByCounter = ReadonlyMap<string, readonly Span[]>;

/**
 * The starts (ascending) at which at least one of `counters` is free for the whole duration. One pass:
 * each counter keeps a pointer into its busy list, so the work is linear in starts × counters + bookings.
 */
export function freeStarts(
  starts: readonly number[],
  durationMinutes: number,
  counters: readonly string[],
  busy: BusyByCounter,
): number[] {
  const duration = durationMinutes * 60_000;
  const lists = counters.map((id) => busy.get(id) ?? []);
  const pointers = new Array<number>(lists.length).fill(0);
  const free: number[] = [];
  for (const t of starts) {
    const end = t + duration;
    for (let c = 0; c < lists.length; c += 1) {
      const list = lists[c];
      let i = pointers[c];
      if (list === undefined || i === undefined) throw new Error(`freeStarts: no busy list for counter ${c}`);
      while (i < list.length && list[i]!.end <= t) i += 1;
      pointers[c] = i;
      if (i >= list.length || list[i]!.start >= end) {
        free.push(t);
        break;
      }
    }
  }
  return free;
}

/** The counters (in the given order) that are free for [start, start + duration). */
export function freeCounters(
  start: number,
  durationMinutes: number,
  counters: readonly string[],
  busy: BusyByCounter,
): string[] {
  const end = start + durationMinutes * 60_000;
  return counters.filter((id) =>
    (busy.get(id) ?? []).every((span) => span.end <= start || span.start >= end),
  );
}
