import { loadConfig } from '@buergeramt/platform';
import { AppointmentsConfig } from '../config';
import { HolidayCalendar } from './holidays';

const config = (env: Record<string, string>): AppointmentsConfig =>
  loadConfig(AppointmentsConfig, {
    DATABASE_URL: 'postgres://localhost/x',
    REDIS_URL: 'redis://localhost',
    MANAGE_TOKEN_SECRET: 'x'.repeat(32),
    ...env,
  });

describe('HolidayCalendar', () => {
  it("closes the city's public holidays (Baden-Württemberg by default)", () => {
    const calendar = new HolidayCalendar(config({}));
    expect(calendar.holidayOn('2026-12-25')).toBe('1. Weihnachtstag');
    expect(calendar.holidayOn('2026-01-06')).toBe('Heilige Drei Könige');
  });

  it('closes none with HOLIDAY_COUNTRY=none (closures only), and refuses other values', () => {
    expect(new HolidayCalendar(config({ HOLIDAY_COUNTRY: 'none' })).holidayOn('2026-12-25')).toBeNull();
    expect(() => config({ HOLIDAY_COUNTRY: 'germany' })).toThrow(/HOLIDAY_COUNTRY/);
  });
});
