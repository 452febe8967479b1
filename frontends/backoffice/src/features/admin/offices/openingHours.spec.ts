import { describe, expect, it } from 'vitest';
import { checkDays, daysOf, rangeFieldId, rangesOf } from './openingHours';

describe('opening hours: the form of the weekly ranges', () => {
  it('groups the API ranges into seven days, Monday first, each by opening time, seconds dropped', () => {
    const days = daysOf([
      { weekday: 2, opens: '14:00', closes: '18:00' },
      { weekday: 2, opens: '08:00:00', closes: '12:00:00' },
      { weekday: 7, opens: '10:00', closes: '12:00' },
    ]);
    expect(days.map((day) => day.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(days[0]?.ranges).toEqual([]);
    expect(days[1]?.ranges).toEqual([
      { opens: '08:00', closes: '12:00' },
      { opens: '14:00', closes: '18:00' },
    ]);
    expect(rangesOf(days)).toEqual([
      { weekday: 2, opens: '08:00', closes: '12:00' },
      { weekday: 2, opens: '14:00', closes: '18:00' },
      { weekday: 7, opens: '10:00', closes: '12:00' },
    ]);
  });

  it('accepts several ranges a day that do not overlap (touching is fine)', () => {
    const days = daysOf([
      { weekday: 1, opens: '08:00', closes: '12:00' },
      { weekday: 1, opens: '12:00', closes: '16:00' },
    ]);
    expect(checkDays(days).size).toBe(0);
  });

  it('names the field of each mistake: missing, not a time, closing too early, overlapping', () => {
    const errors = checkDays([
      {
        weekday: 3,
        ranges: [
          { opens: '', closes: '12:00' },
          { opens: '8 Uhr', closes: '25:00' },
          { opens: '14:00', closes: '13:00' },
          { opens: '09:00', closes: '11:00' },
          { opens: '10:30', closes: '11:30' },
        ],
      },
    ]);
    expect(Object.fromEntries(errors)).toEqual({
      [rangeFieldId(3, 0, 'opens')]: 'timeRequired',
      [rangeFieldId(3, 1, 'opens')]: 'timeFormat',
      [rangeFieldId(3, 1, 'closes')]: 'timeFormat',
      [rangeFieldId(3, 2, 'closes')]: 'closesBeforeOpens',
      [rangeFieldId(3, 4, 'opens')]: 'overlap',
    });
  });
});
