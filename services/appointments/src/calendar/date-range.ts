import { ValidationProblem } from '@buergeramt/platform';
import { daysBetween, isCalendarDate } from './time';

/**
 * `?from=&to=` of a query: both calendar dates, `to` not before `from` and at most `maxDays` after it;
 * otherwise a 422 naming each failing field.
 */
export function assertDateRange(from: string, to: string, maxDays: number): void {
  const errors: { field: string; message: string }[] = [];
  if (!isCalendarDate(from)) errors.push({ field: 'from', message: 'is not a calendar date' });
  if (!isCalendarDate(to)) errors.push({ field: 'to', message: 'is not a calendar date' });
  if (errors.length === 0) {
    const days = daysBetween(from, to);
    if (days < 0) errors.push({ field: 'to', message: 'must not be before from' });
    else if (days > maxDays)
      errors.push({ field: 'to', message: `must be at most ${maxDays} days after from` });
  }
  if (errors.length > 0) throw new ValidationProblem(errors);
}
