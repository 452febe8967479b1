import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  cityDay,
  cityToday,
  daysBetween,
  daysInMonth,
  formatBytes,
  formatDateTime,
  formatDay,
  formatLongDate,
  formatMonth,
  formatTime,
  isoWeekday,
  monthBounds,
  monthOf,
  weekdayNames,
} from './format';

describe('format', () => {
  it('shows times in the city’s time zone whatever the offset they came with', () => {
    expect(formatTime('2026-12-08T07:15:00Z', 'de')).toBe('08:15');
    expect(formatTime('2026-07-08T07:15:00Z', 'en')).toBe('09:15');
    expect(formatLongDate('2026-12-08T23:30:00Z', 'de')).toBe('Mittwoch, 9. Dezember 2026');
  });

  it('keeps calendar dates as they are', () => {
    expect(formatDay('2026-12-08', 'de')).toBe('Dienstag, 8. Dezember 2026');
    expect(formatDay('2026-12-08', 'en')).toBe('Tuesday, 8 December 2026');
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

  it('counts months and their days', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-12', -12)).toBe('2025-12');
    expect(addMonths('2026-12', 14)).toBe('2028-02');
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2027-02')).toBe(28);
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(monthOf('2026-12-08')).toBe('2026-12');
    expect(daysBetween('2026-12-01', '2027-01-31')).toBe(61);
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
  });

  it('knows the city’s date today', () => {
    expect(cityToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('names months and weekdays in the language of the app', () => {
    expect(formatMonth('2026-12', 'de')).toBe('Dezember 2026');
    expect(formatMonth('2026-12', 'en')).toBe('December 2026');
    expect(weekdayNames('de', 'short')).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    expect(weekdayNames('en', 'long')[6]).toBe('Sunday');
  });

  it('shows file sizes in binary units and a timestamp with its day and time', () => {
    expect(formatBytes(20 * 1024 * 1024, 'de')).toBe('20 MB');
    expect(formatBytes(2.5 * 1024 * 1024, 'de')).toBe('2,5 MB');
    expect(formatBytes(2.5 * 1024 * 1024, 'en')).toBe('2.5 MB');
    expect(formatBytes(300, 'de')).toBe('1 kB');
    expect(formatDateTime('2026-12-01T08:00:00Z', 'de')).toBe('1. Dezember 2026 um 09:00');
    expect(formatDateTime('2026-12-01T08:00:00Z', 'en')).toBe('1 December 2026 at 09:00');
  });
});
