import { describe, expect, it } from 'vitest';
import { apiQuery, defaultPeriod, parseCheckQuery, parseReportMonth, toCheckQuery } from './checkQuery';

const TODAY = '2026-12-07';
const SERVICE = '0190f5a8-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
const OFFICE = '0190f5a8-1c2d-7e3f-8a9b-0c1d2e3f4a5c';

describe('the check’s filters in the URL', () => {
  it('defaults to the last six months by month, every service and office, and leaves defaults out', () => {
    expect(defaultPeriod(TODAY)).toEqual({ from: '2026-07-01', to: TODAY });
    const filters = parseCheckQuery({}, TODAY);
    expect(filters).toEqual({
      from: '2026-07-01',
      to: TODAY,
      granularity: 'month',
      serviceId: null,
      locationId: null,
    });
    expect(toCheckQuery(filters, TODAY)).toEqual({});
  });

  it('reads and writes every filter with German words, round trip', () => {
    const query = {
      von: '2026-01-01',
      bis: '2026-03-31',
      raster: 'woche',
      leistung: SERVICE,
      standort: OFFICE,
    };
    const filters = parseCheckQuery(query, TODAY);
    expect(filters).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      granularity: 'week',
      serviceId: SERVICE,
      locationId: OFFICE,
    });
    expect(toCheckQuery(filters, TODAY)).toEqual(query);
    expect(apiQuery(filters)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      granularity: 'week',
      serviceId: SERVICE,
      locationId: OFFICE,
    });
    expect(apiQuery({ ...filters, serviceId: null, locationId: null })).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      granularity: 'week',
    });
  });

  it('ignores what is not a value, swaps reversed dates, and cuts a period to 366 days', () => {
    expect(
      parseCheckQuery(
        { von: '2026-02-30', bis: 'gestern', raster: 'jahr', leistung: 'x', standort: '1' },
        TODAY,
      ),
    ).toEqual(parseCheckQuery({}, TODAY));
    expect(parseCheckQuery({ von: '2026-05-01', bis: '2026-04-01' }, TODAY)).toMatchObject({
      from: '2026-04-01',
      to: '2026-05-01',
    });
    // 366 days, both ends included
    expect(parseCheckQuery({ von: '2020-01-01', bis: '2026-12-31' }, TODAY)).toMatchObject({
      from: '2025-12-31',
      to: '2026-12-31',
    });
    // only an end: the six months up to it
    expect(parseCheckQuery({ bis: '2026-03-15' }, TODAY)).toMatchObject({
      from: '2025-10-01',
      to: '2026-03-15',
    });
    expect(parseCheckQuery({ leistung: [SERVICE.toUpperCase(), OFFICE] }, TODAY).serviceId).toBe(SERVICE);
  });

  it('reads the report’s month, default the last full one', () => {
    expect(parseReportMonth({ monat: '2026-11' }, TODAY)).toBe('2026-11');
    expect(parseReportMonth({ monat: '2026-13' }, TODAY)).toBe('2026-11');
    expect(parseReportMonth({}, '2026-01-05')).toBe('2025-12');
  });
});
