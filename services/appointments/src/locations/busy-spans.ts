import type { Span } from '../calendar/time';

/**
 * One text per counter instead of float8 arrays: pg parses arrays character by character, which for a few
 * thousand bookings cost more than the query; splitting one string is cheap.
 */
export const BUSY_SPANS_SQL = `string_agg(date_part('epoch', start_at)::text || ',' || date_part('epoch', end_at)::text, ',') AS se`;

/** The spans of `BUSY_SPANS_SQL`, sorted by start (the aggregate has no order; most often it is sorted). */
export function parseBusySpans(text: string): Span[] {
  const numbers = text.split(',');
  const spans: Span[] = [];
  let sorted = true;
  let previous = -Infinity;
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const start = Math.round(Number(numbers[i]) * 1000);
    if (start < previous) sorted = false;
    previous = start;
    spans.push({ start, end: Math.round(Number(numbers[i + 1]) * 1000) });
  }
  return sorted ? spans : spans.sort((a, b) => a.start - b.start);
}
