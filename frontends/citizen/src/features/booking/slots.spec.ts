import { describe, expect, it } from 'vitest';
import {
  monthWeeks,
  nextFreeDays,
  parseSlotKey,
  slotKey,
  slotsByOffice,
  slotsOnDay,
  slotWindow,
  type Slot,
} from './slots';

const INNENSTADT = { id: 'a', name: 'Bürgeramt Innenstadt', address: 'Rathausplatz 2' };
const BERKHEIM = { id: 'b', name: 'Bürgeramt Berkheim', address: 'Osterfeldstraße 1' };
const slot = (locationId: string, start: string): Slot => ({ locationId, start, end: start });

describe('free times', () => {
  it('lists one day’s times in order, by the city’s date', () => {
    const slots = [
      slot('a', '2026-12-08T10:00:00+01:00'),
      slot('a', '2026-12-08T08:00:00+01:00'),
      slot('a', '2026-12-07T23:15:00Z'), // 00:15 on the 8th in the city
      slot('a', '2026-12-09T08:00:00+01:00'),
    ];
    expect(slotsOnDay(slots, '2026-12-08').map((s) => s.start)).toEqual([
      '2026-12-07T23:15:00Z',
      '2026-12-08T08:00:00+01:00',
      '2026-12-08T10:00:00+01:00',
    ]);
  });

  it('groups by office, the office with the earliest time first, each in order', () => {
    const groups = slotsByOffice(
      [
        slot('a', '2026-12-08T09:00:00+01:00'),
        slot('b', '2026-12-08T08:15:00+01:00'),
        slot('a', '2026-12-08T08:30:00+01:00'),
        slot('b', '2026-12-08T08:00:00+01:00'),
        slot('unknown', '2026-12-08T07:00:00+01:00'),
      ],
      [INNENSTADT, BERKHEIM],
    );
    expect(groups.map((g) => [g.office.id, g.slots.map((s) => s.start.slice(11, 16))])).toEqual([
      ['b', ['08:00', '08:15']],
      ['a', ['08:30', '09:00']],
    ]);
  });

  it('leaves out offices without a free time', () => {
    expect(slotsByOffice([slot('a', '2026-12-08T09:00:00+01:00')], [INNENSTADT, BERKHEIM])).toHaveLength(1);
  });

  it('names a time by office and start, and reads that back', () => {
    const key = slotKey(slot('a', '2026-12-08T09:00:00.000+01:00'));
    expect(parseSlotKey(key)).toEqual({ locationId: 'a', start: '2026-12-08T09:00:00.000+01:00' });
    expect(parseSlotKey(undefined)).toBeNull();
    expect(parseSlotKey('nonsense')).toBeNull();
  });

  it('lists the next days with free times from a date on', () => {
    const counts = new Map([
      ['2026-12-10', 3],
      ['2026-12-07', 1],
      ['2026-12-08', 0],
      ['2026-12-09', 2],
    ]);
    expect(nextFreeDays(counts, '2026-12-08', 5)).toEqual(['2026-12-09', '2026-12-10']);
    expect(nextFreeDays(counts, '2026-12-01', 1)).toEqual(['2026-12-07']);
  });
});

describe('the calendar', () => {
  it('lays out a month in weeks from Monday, with blanks for other months', () => {
    const weeks = monthWeeks('2026-12'); // 1 December 2026 is a Tuesday
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      null,
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(weeks[4]).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null, null]);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    // February 2027 starts on a Monday and has exactly four weeks
    expect(monthWeeks('2027-02')).toHaveLength(4);
  });

  it('asks for two months at a time, from today, within the API’s 62 days', () => {
    expect(slotWindow('2026-12', '2026-12-06')).toEqual({
      from: '2026-12-06',
      to: '2027-01-31',
      months: ['2026-12', '2027-01'],
    });
    expect(slotWindow('2027-07', '2026-12-06')).toEqual({
      from: '2027-07-01',
      to: '2027-08-31',
      months: ['2027-07', '2027-08'],
    });
    expect(slotWindow('2026-10', '2026-12-06')).toBeNull();
  });
});
