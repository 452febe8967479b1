import { v7 as uuidv7 } from 'uuid';
import { Harness, type SetUpLocation } from './support/harness';

interface CounterList {
  items: { id: string; name: string; active: boolean }[];
  nextCursor: string | null;
}

/** GET /locations/{id}/counters: where staff choose the counter they work at (the back office). */
describe("a location's counters for its staff (real Postgres and Redis)", () => {
  let h: Harness;
  let loc: SetUpLocation;
  let other: SetUpLocation;
  const counters = (locationId: string, token?: string) =>
    h.request('GET', `/locations/${locationId}/counters`, { token });

  beforeAll(async () => {
    h = await Harness.boot();
    loc = await h.setUpLocation({ counters: 3 });
    other = await h.setUpLocation({ counters: 1 });
    const off = await h.admin('PATCH', `/admin/locations/${loc.id}/counters/${loc.counterIds[2]}`, {
      active: false,
    });
    expect(off.statusCode).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lists every counter of the location to its clerks, by name, inactive ones marked', async () => {
    const res = await counters(loc.id, h.staff('clerk', [loc.id]).token);
    expect(res.statusCode).toBe(200);
    expect(res.json<CounterList>()).toEqual({
      items: [
        { id: loc.counterIds[0], name: 'Schalter 1', active: true },
        { id: loc.counterIds[1], name: 'Schalter 2', active: true },
        { id: loc.counterIds[2], name: 'Schalter 3', active: false },
      ],
      nextCursor: null,
    });
  });

  it('lets staff of every location (no locationIds) read any location: supervisors, admins', async () => {
    for (const role of ['clerk', 'supervisor', 'admin'] as const) {
      const res = await counters(other.id, h.staff(role).token);
      expect(res.statusCode).toBe(200);
      expect(res.json<CounterList>().items.map((c) => c.id)).toEqual(other.counterIds);
    }
  });

  it('refuses a clerk of other locations (403 location-not-assigned), citizens, machine clients and anonymous callers', async () => {
    const elsewhere = await counters(other.id, h.staff('clerk', [loc.id]).token);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ type: 'location-not-assigned' });
    expect((await counters(loc.id, h.citizen().token)).statusCode).toBe(403);
    expect((await counters(loc.id, h.issuer.clientToken(uuidv7(), ['tickets:write']))).statusCode).toBe(403);
    expect((await counters(loc.id)).statusCode).toBe(401);
  });

  it('answers 404 for an unknown location and for a malformed id', async () => {
    const unknown = await counters(uuidv7(), h.staff('supervisor').token);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ type: 'not-found' });
    expect((await counters('nope', h.staff('supervisor').token)).statusCode).toBe(404);
  });
});
