import { DateTime } from 'luxon';
import { isoInZone, localDateOf, offsetMinutes, startOfDay } from './time';

/** The formatting isoInZone replaced: Date#toISOString of the local time plus the offset. */
function reference(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

describe('isoInZone', () => {
  it('formats every quarter hour of 2026–2027 as Date#toISOString with the offset does', () => {
    for (const zone of ['Europe/Berlin', 'America/St_Johns', 'UTC', 'Asia/Kolkata']) {
      const mismatches: string[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 15 * 60_000) {
        if (isoInZone(ms, zone) !== reference(ms, zone)) mismatches.push(`${zone} ${ms}`);
      }
      expect(mismatches).toEqual([]);
    }
  });

  it('keeps seconds, milliseconds and dates far from now', () => {
    const instants = [
      Date.UTC(2026, 2, 29, 0, 59, 59, 999),
      Date.UTC(2026, 9, 25, 1, 0, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(1900, 0, 1, 12, 34, 56, 789),
      Date.UTC(9999, 11, 31, 20, 0, 0, 0),
      Date.UTC(2026, 5, 1, 8, 15, 0, 0) + 0.6,
      -62_167_219_200_000, // 0000-01-01T00:00:00Z
    ];
    for (const ms of instants) expect(isoInZone(ms, 'Europe/Berlin')).toBe(reference(ms, 'Europe/Berlin'));
    expect(isoInZone(Date.UTC(2027, 0, 4, 7, 30), 'Europe/Berlin')).toBe('2027-01-04T08:30:00.000+01:00');
    expect(isoInZone(Date.UTC(2027, 6, 5, 6, 0, 7, 42), 'America/St_Johns')).toBe(
      '2027-07-05T03:30:07.042-02:30',
    );
  });

  it('still refuses an instant that is no date', () => {
    expect(() => isoInZone(Number.NaN, 'Europe/Berlin')).toThrow(RangeError);
  });
});

describe('localDateOf', () => {
  it('gives the date luxon gives for every quarter hour of 2026–2027 and around midnight', () => {
    for (const zone of ['Europe/Berlin', 'America/St_Johns', 'UTC', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
      const mismatches: string[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 15 * 60_000) {
        for (const at of [ms, ms - 1]) {
          if (localDateOf(at, zone) !== DateTime.fromMillis(at, { zone }).toISODate())
            mismatches.push(`${zone} ${at}`);
        }
      }
      expect(mismatches).toEqual([]);
    }
  });

  it('takes a Date, and dates far from now', () => {
    expect(localDateOf(new Date(Date.UTC(2026, 11, 31, 23, 30)), 'Europe/Berlin')).toBe('2027-01-01');
    for (const ms of [Date.UTC(1900, 0, 1, 12), -62_167_219_200_000, Date.UTC(9999, 11, 31, 22, 59)])
      expect(localDateOf(ms, 'Europe/Berlin')).toBe(
        DateTime.fromMillis(ms, { zone: 'Europe/Berlin' }).toISODate(),
      );
  });
});

describe('startOfDay', () => {
  it("is luxon's start of the day, also where midnight is skipped or clocks change, asked once or again", () => {
    const cases: [string, string][] = [
      ['Europe/Berlin', '2026-03-29'], // clocks forward at 02:00
      ['Europe/Berlin', '2026-10-25'], // clocks back at 03:00
      ['Europe/Berlin', '2026-12-07'],
      ['America/Santiago', '2026-09-06'], // midnight skipped
      ['America/Santiago', '2026-04-05'], // midnight twice
      ['Asia/Kolkata', '2026-01-01'],
    ];
    for (const [zone, date] of cases) {
      const expected = DateTime.fromISO(date, { zone }).startOf('day').toMillis();
      expect(startOfDay(date, zone)).toBe(expected);
      expect(startOfDay(date, zone)).toBe(expected);
    }
    expect(new Date(startOfDay('2026-12-07', 'Europe/Berlin')).toISOString()).toBe(
      '2026-12-06T23:00:00.000Z',
    );
  });
});
