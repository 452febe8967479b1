import { describe, expect, it } from 'vitest';
import { addDays, cityDay, formatDay, formatLongDate, formatTime, isoWeekday } from './format';

describe('format', () => {
  it('shows times in the city’s time zone whatever the offset they came with', () => {
    expect(formatTime('2026-12-08T07:15:00Z', 'de')).toBe('08:15');
    expect(formatTime('2026-07-08T07:15:00Z', 'en')).toBe('09:15');
    expect(formatLongDate('2026-12-08T23:30:00Z', 'de')).toBe('Mittwoch, 9. Dezember 2026');
  });

  it('keeps calendar dates as they are', () => {
    expect(formatDay('2026-12-08', 'de')).toBe('Dienstag, 8. Dezember 2026');
    expect(formatDay('2026-12-08', 'en')).toBe('Tuesday 8 December 2026');
  });

  it('knows the city’s date of a moment near midnight', () => {
    expect(cityDay('2026-12-08T23:30:00Z')).toBe('2026-12-09');
    expect(cityDay('2026-12-08T22:59:00Z')).toBe('2026-12-08');
  });

  it('counts days across month and year ends and daylight saving changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-13')).toBe(7);
  });
});
