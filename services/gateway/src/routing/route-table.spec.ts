import { ALL_SERVICES, ROUTE_PREFIXES, type ServiceName } from '@buergeramt/contracts';
import { RouteTable } from './route-table';

const urls = Object.fromEntries(ALL_SERVICES.map((s) => [s, `http://${s}:3000`])) as Record<
  ServiceName,
  string
>;

describe('RouteTable', () => {
  const table = new RouteTable(urls);

  it('routes every public prefix of the contract to its service', () => {
    for (const service of ALL_SERVICES) {
      for (const prefix of ROUTE_PREFIXES[service]) {
        expect(table.match(`${prefix}/x`)).toEqual({ service, prefix, baseUrl: urls[service] });
        expect(table.match(prefix)?.service).toBe(service);
      }
    }
  });

  it('lets the longest prefix win whatever the order of the table', () => {
    const own = new RouteTable(urls, {
      identity: ['/stats'],
      appointments: ['/stats/appointments'],
      applications: [],
      documents: [],
      notifications: [],
    });
    expect(own.match('/stats/appointments/daily')?.service).toBe('appointments');
    expect(own.match('/stats/other')?.service).toBe('identity');
  });

  it('matches whole segments only', () => {
    expect(table.match('/authority')).toBeUndefined();
    expect(table.match('/me')?.service).toBe('identity');
    expect(table.match('/media')).toBeUndefined();
    expect(table.match('/')).toBeUndefined();
    expect(table.match('')).toBeUndefined();
  });
});
