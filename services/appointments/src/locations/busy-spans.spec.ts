import { parseBusySpans } from './busy-spans';

describe('parseBusySpans', () => {
  it('reads start,end pairs of epoch seconds as millisecond spans', () => {
    expect(parseBusySpans('1767254400,1767255300,1767256200,1767257100')).toEqual([
      { start: 1_767_254_400_000, end: 1_767_255_300_000 },
      { start: 1_767_256_200_000, end: 1_767_257_100_000 },
    ]);
  });

  it('rounds fractions of seconds to milliseconds as the float8 values did', () => {
    expect(parseBusySpans('1767254400.123456,1767255300.0005')).toEqual([
      { start: Math.round(1767254400.123456 * 1000), end: Math.round(1767255300.0005 * 1000) },
    ]);
  });

  it('sorts by start when the aggregate came unordered', () => {
    expect(parseBusySpans('300,400,100,200,200,300')).toEqual([
      { start: 100_000, end: 200_000 },
      { start: 200_000, end: 300_000 },
      { start: 300_000, end: 400_000 },
    ]);
  });
});
