import type { WeeklyRange } from '../api';

/** One opening range of a day as the form edits it (HH:MM strings, possibly empty or wrong). */
export interface DayRange {
  opens: string;
  closes: string;
}

/** A weekday of the form: 1 = Monday … 7 = Sunday, with its ranges in order. */
export interface OpeningDay {
  weekday: number;
  ranges: DayRange[];
}

/** Why a range cannot be saved (a key under `admin.hours.errors`). */
export type RangeError = 'timeRequired' | 'timeFormat' | 'closesBeforeOpens' | 'overlap';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The API's weekly ranges as seven days, Monday first, each day's ranges by opening time. */
export function daysOf(ranges: readonly WeeklyRange[]): OpeningDay[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    ranges: ranges
      .filter((range) => range.weekday === weekday)
      .map((range) => ({ opens: range.opens.slice(0, 5), closes: range.closes.slice(0, 5) }))
      .sort((a, b) => a.opens.localeCompare(b.opens)),
  }));
}

/** The form's days as the API's ranges (what PUT …/opening-hours takes). */
export function rangesOf(days: readonly OpeningDay[]): WeeklyRange[] {
  return days.flatMap((day) =>
    day.ranges.map((range) => ({ weekday: day.weekday, opens: range.opens, closes: range.closes })),
  );
}

/** The id of a range's time input, e.g. `hours-3-1-closes` (Wednesday, second range). */
export const rangeFieldId = (weekday: number, index: number, end: 'opens' | 'closes'): string =>
  `hours-${weekday}-${index}-${end}`;

/**
 * Checks every range: both times given as HH:MM, closing after opening, no overlap with the day's
 * other ranges. Returns the errors by input id (the field where it can be fixed), in the form's order.
 */
export function checkDays(days: readonly OpeningDay[]): Map<string, RangeError> {
  const errors = new Map<string, RangeError>();
  for (const day of days) {
    day.ranges.forEach((range, index) => {
      for (const end of ['opens', 'closes'] as const) {
        const value = range[end].trim();
        if (!value) errors.set(rangeFieldId(day.weekday, index, end), 'timeRequired');
        else if (!HHMM.test(value)) errors.set(rangeFieldId(day.weekday, index, end), 'timeFormat');
      }
      const closesId = rangeFieldId(day.weekday, index, 'closes');
      if (errors.has(rangeFieldId(day.weekday, index, 'opens')) || errors.has(closesId)) return;
      if (range.closes <= range.opens) {
        errors.set(closesId, 'closesBeforeOpens');
        return;
      }
      const overlaps = day.ranges.some(
        (other, j) =>
          j < index &&
          HHMM.test(other.opens) &&
          HHMM.test(other.closes) &&
          other.opens < range.closes &&
          range.opens < other.closes,
      );
      if (overlaps) errors.set(rangeFieldId(day.weekday, index, 'opens'), 'overlap');
    });
  }
  return errors;
}
