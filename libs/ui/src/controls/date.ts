import type { UiDatePart, UiDateParts } from '../types';

export const emptyDateParts = (): UiDateParts => ({ day: '', month: '', year: '' });

/**
 * The ISO date (`YYYY-MM-DD`) the three fields describe, or '' when a part is missing, not a number,
 * or the date does not exist (31.02.). The year needs four digits.
 */
export function isoFromDateParts(parts: UiDateParts): string {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return '';
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y); // years below 100 are not 19xx
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '';
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The fields' text for an ISO date (without leading zeros: "5", "3", "2024"); empty for '' or junk. */
export function datePartsFromIso(iso: string): UiDateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return emptyDateParts();
  const [, year = '', month = '', day = ''] = match;
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** The parts that are still empty, for messages like "Das Datum muss einen Monat enthalten". */
export function missingDateParts(parts: UiDateParts): UiDatePart[] {
  return (['day', 'month', 'year'] as const).filter((part) => parts[part].trim() === '');
}
