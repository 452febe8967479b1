import { candidateStarts, freeCounters, freeStarts, openingDay, openSpans } from './slot-engine';
import { instantOf, isoInZone } from './time';

const ZONE = 'Europe/Berlin';
const rules = (extra: Partial<Parameters<typeof openSpans>[1]> = {}) => ({
  zone: ZONE,
  hours: [
    { weekday: 1, opens: '08:00', closes: '12:00' },
    { weekday: 1, opens: '14:00', closes: '16:00' },
  ],
  closures: [],
  isHoliday: () => false,
  ...extra,
});
const t = (hhmm: string, date = '2026-11-30'): number => instantOf(date, hhmm, ZONE);

describe('slot engine', () => {
  it('opens the weekly ranges of the weekday, minus closures, and nothing on holidays', () => {
    expect(openSpans('2026-11-30', rules())).toEqual([
      { start: t('08:00'), end: t('12:00') },
      { start: t('14:00'), end: t('16:00') },
    ]);
    expect(openSpans('2026-12-01', rules())).toEqual([]);
    expect(openSpans('2026-11-30', rules({ isHoliday: () => true }))).toEqual([]);
    expect(
      openSpans('2026-11-30', rules({ closures: [{ date: '2026-11-30', starts: '10:00', ends: '15:00' }] })),
    ).toEqual([
      { start: t('08:00'), end: t('10:00') },
      { start: t('15:00'), end: t('16:00') },
    ]);
  });

  it('says why a day has no opening hours: holiday first, then closures, then no weekly hours', () => {
    expect(openingDay('2026-11-30', rules()).closedReason).toBeNull();
    expect(openingDay('2026-11-30', rules({ isHoliday: () => true }))).toEqual({
      spans: [],
      closedReason: 'holiday',
    });
    const closed = rules({ closures: [{ date: '2026-11-30', starts: null, ends: null }] });
    expect(openingDay('2026-11-30', closed).closedReason).toBe('closure');
    // a part-day closure covering all of the day's hours closes the day too
    const covered = rules({ closures: [{ date: '2026-11-30', starts: '07:00', ends: '17:00' }] });
    expect(openingDay('2026-11-30', covered).closedReason).toBe('closure');
    expect(openingDay('2026-12-01', rules()).closedReason).toBe('no-hours');
    expect(openingDay('2026-12-01', rules({ isHoliday: () => true })).closedReason).toBe('holiday');
  });

  it('steps through real time so that the skipped hour of March is no slot', () => {
    const spans = openSpans(
      '2027-03-28',
      rules({ hours: [{ weekday: 7, opens: '01:00', closes: '04:00' }] }),
    );
    const starts = candidateStarts(spans, 30, 30, { start: 0, end: Number.MAX_SAFE_INTEGER });
    expect(starts.map((s) => isoInZone(s, ZONE).slice(11, 22))).toEqual([
      '01:00:00.00',
      '01:30:00.00',
      '03:00:00.00',
      '03:30:00.00',
    ]);
  });

  it('finds starts where at least one counter is free for the whole duration', () => {
    const starts = [t('08:00'), t('08:15'), t('08:30'), t('08:45')];
    const busy = new Map([
      ['a', [{ start: t('08:00'), end: t('08:30') }]],
      ['b', [{ start: t('08:15'), end: t('08:45') }]],
    ]);
    expect(freeStarts(starts, 15, ['a', 'b'], busy)).toEqual([t('08:00'), t('08:30'), t('08:45')]);
    expect(freeStarts(starts, 30, ['a', 'b'], busy)).toEqual([t('08:30'), t('08:45')]);
    expect(freeCounters(t('08:30'), 15, ['a', 'b'], busy)).toEqual(['a']);
  });

  it('formats instants with the offset in force', () => {
    expect(isoInZone(Date.parse('2027-10-31T00:30:00Z'), ZONE)).toBe('2027-10-31T02:30:00.000+02:00');
    expect(isoInZone(Date.parse('2027-10-31T01:30:00Z'), ZONE)).toBe('2027-10-31T02:30:00.000+01:00');
  });
});

describe('instantOf', () => {
  it('resolves every quarter hour of two years exactly as luxon does, the DST changes included', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DateTime } = require('luxon') as typeof import('luxon');
    const mismatches: string[] = [];
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const expected = DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toMillis();
        if (instantOf(date, time, ZONE) !== expected) mismatches.push(`${date}T${time}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
