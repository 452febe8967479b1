import { describe, expect, it } from 'vitest';
import { bookedOffice, choiceQuery, choiceUpTo, missingStep, readChoice } from './query';

const OFFICE = '407747bb-1b8f-524b-924d-6176538b41d2';
const OTHER = '6523ad37-37dc-5a77-9a55-ab77bc17410c';
const START = '2026-12-08T08:15:00.000+01:00';

describe('the booking choices in the URL', () => {
  it('reads what is well-formed and drops the rest', () => {
    expect(readChoice({ standort: OFFICE, tag: '2026-12-08', zeit: START })).toEqual({
      office: OFFICE,
      day: '2026-12-08',
      start: START,
      slotOffice: undefined,
    });
    expect(readChoice({ standort: 'x', tag: '2026-13-01', zeit: 'morgen', amt: '1' })).toEqual({
      office: undefined,
      day: undefined,
      start: undefined,
      slotOffice: undefined,
    });
  });

  it('takes back a + that became a space in an address bar', () => {
    expect(readChoice({ zeit: '2026-12-08T08:15:00.000 01:00' }).start).toBe(START);
  });

  it('writes the office of the time only with “any office”', () => {
    expect(choiceQuery({ office: 'alle', day: '2026-12-08', start: START, slotOffice: OTHER })).toEqual({
      standort: 'alle',
      tag: '2026-12-08',
      zeit: START,
      amt: OTHER,
    });
    expect(choiceQuery({ office: OFFICE, slotOffice: OTHER })).toEqual({ standort: OFFICE });
    expect(bookedOffice({ office: 'alle', slotOffice: OTHER })).toBe(OTHER);
    expect(bookedOffice({ office: OFFICE, slotOffice: OTHER })).toBe(OFFICE);
  });

  it('sends a step reached too early to the first choice missing', () => {
    expect(missingStep('booking-day', {})).toBe('booking');
    expect(missingStep('booking-time', { office: OFFICE })).toBe('booking-day');
    expect(missingStep('booking-check', { office: 'alle', day: '2026-12-08', start: START })).toBe(
      'booking-time',
    );
    expect(
      missingStep('booking-check', { office: 'alle', day: '2026-12-08', start: START, slotOffice: OTHER }),
    ).toBeNull();
    expect(missingStep('booking', {})).toBeNull();
  });

  it('keeps only the choices up to a step', () => {
    const all = { office: 'alle', day: '2026-12-08', start: START, slotOffice: OTHER };
    expect(choiceUpTo('booking', all)).toEqual({ office: 'alle' });
    expect(choiceUpTo('booking-day', all)).toEqual({ office: 'alle', day: '2026-12-08' });
    expect(choiceUpTo('booking-time', all)).toEqual(all);
  });
});
