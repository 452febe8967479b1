import { PublicHolidays } from './public-holidays';

describe('PublicHolidays', () => {
  it("names the public holidays of a country and state, and only those that are the state's", () => {
    const bw = new PublicHolidays('DE', 'BW');
    expect(bw.holidayOn('2026-12-25')).toBe('1. Weihnachtstag');
    expect(bw.holidayOn('2026-01-06')).toBe('Heilige Drei Könige');
    expect(bw.holidayOn('2026-12-07')).toBeNull();
    // Epiphany is a holiday in Baden-Württemberg, not in Berlin
    expect(new PublicHolidays('DE', 'BE').holidayOn('2026-01-06')).toBeNull();
  });

  it('knows none without a country (every closed day is entered as a closure)', () => {
    const none = new PublicHolidays('');
    for (const date of ['2026-12-25', '2026-01-01', '2026-10-03']) expect(none.holidayOn(date)).toBeNull();
  });
});
