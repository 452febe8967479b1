import { describe, expect, it } from 'vitest';
import { datePartsFromIso, isoFromDateParts, missingDateParts } from './date';

describe('isoFromDateParts', () => {
  it('builds the ISO date, padding day and month', () => {
    expect(isoFromDateParts({ day: '5', month: '3', year: '2024' })).toBe('2024-03-05');
    expect(isoFromDateParts({ day: ' 29 ', month: '02', year: '2024' })).toBe('2024-02-29');
  });

  it('rejects dates that do not exist', () => {
    expect(isoFromDateParts({ day: '29', month: '2', year: '2023' })).toBe('');
    expect(isoFromDateParts({ day: '31', month: '4', year: '2024' })).toBe('');
    expect(isoFromDateParts({ day: '0', month: '1', year: '2024' })).toBe('');
    expect(isoFromDateParts({ day: '1', month: '13', year: '2024' })).toBe('');
  });

  it('rejects missing, non-numeric and short-year parts', () => {
    expect(isoFromDateParts({ day: '', month: '3', year: '2024' })).toBe('');
    expect(isoFromDateParts({ day: 'x', month: '3', year: '2024' })).toBe('');
    expect(isoFromDateParts({ day: '1', month: '3', year: '24' })).toBe('');
    expect(isoFromDateParts({ day: '1.', month: '3', year: '2024' })).toBe('');
  });

  it('keeps years below 100 as typed', () => {
    expect(isoFromDateParts({ day: '1', month: '1', year: '0050' })).toBe('0050-01-01');
  });
});

describe('datePartsFromIso', () => {
  it('splits an ISO date into the fields without leading zeros', () => {
    expect(datePartsFromIso('2024-03-05')).toEqual({ day: '5', month: '3', year: '2024' });
  });

  it('gives empty fields for anything else', () => {
    expect(datePartsFromIso('')).toEqual({ day: '', month: '', year: '' });
    expect(datePartsFromIso('05.03.2024')).toEqual({ day: '', month: '', year: '' });
  });
});

describe('missingDateParts', () => {
  it('names the empty fields', () => {
    expect(missingDateParts({ day: '1', month: ' ', year: '' })).toEqual(['month', 'year']);
  });
});
