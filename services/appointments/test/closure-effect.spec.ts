import { defined } from '@buergeramt/testing';
import { Harness, type SetUpLocation } from './support/harness';

interface Effect {
  count: number;
  items: { id: string; reference: string; serviceId: string; start: string; end: string; status: string }[];
}

const NOW = '2026-11-25T10:00:00Z'; // Wednesday
const DAY = '2026-12-07'; // a Monday, open 08:00–12:00
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;

describe('POST /admin/locations/{id}/closures/preview: the effect of a closure before it is added (real Postgres)', () => {
  let h: Harness;
  let loc: SetUpLocation;
  const booked: Record<string, { id: string; reference: string }> = {};
  const bookedAt = (time: string) => defined(booked[time], `the appointment at ${time}`);

  const preview = (body: unknown, token = h.adminToken, id = loc.id) =>
    h.request('POST', `/admin/locations/${id}/closures/preview`, { token, body });

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(NOW);
    loc = await h.setUpLocation({ counters: 1 });
    for (const time of ['08:00', '09:00', '10:45', '11:30']) {
      const res = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: { serviceId: loc.serviceId, locationId: loc.id, start: at(time) },
      });
      expect(res.statusCode).toBe(201);
      booked[time] = res.json<{ id: string; reference: string }>();
    }
    // a cancelled appointment is not affected
    const cancelled = await h.request('DELETE', `/appointments/${bookedAt('11:30').id}`, {
      token: h.staff('clerk', [loc.id]).token,
    });
    expect(cancelled.statusCode).toBe(204);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a whole day: every appointment still to come that day, by start, without personal data', async () => {
    const res = await preview({ date: DAY });
    expect(res.statusCode).toBe(200);
    const effect = res.json<Effect>();
    expect(effect.count).toBe(3);
    expect(effect.items.map((a) => a.reference)).toEqual([
      bookedAt('08:00').reference,
      bookedAt('09:00').reference,
      bookedAt('10:45').reference,
    ]);
    const first = defined(effect.items[0], 'the first appointment');
    expect(Object.keys(first).sort()).toEqual(['end', 'id', 'reference', 'serviceId', 'start', 'status']);
    expect(first).toMatchObject({ id: bookedAt('08:00').id, serviceId: loc.serviceId, status: 'confirmed' });
    // city time with its offset, as the other answers of the service
    expect(first.start).toMatch(/^2026-12-07T08:00:00(\.000)?\+01:00$/);
    expect(Date.parse(first.end)).toBe(Date.parse(at('08:15')));
  });

  it('part of a day: only the appointments overlapping the span (touching its edges is not overlapping)', async () => {
    const res = await preview({ date: DAY, starts: '08:15', ends: '10:50' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Effect>().items.map((a) => a.reference)).toEqual([
      bookedAt('09:00').reference,
      bookedAt('10:45').reference,
    ]);
  });

  it('another day, or another location: nothing', async () => {
    expect((await preview({ date: '2026-12-08' })).json<Effect>()).toEqual({ count: 0, items: [] });
    const other = await h.setUpLocation({ counters: 1 });
    expect((await preview({ date: DAY }, h.adminToken, other.id)).json<Effect>()).toEqual({
      count: 0,
      items: [],
    });
  });

  it('changes nothing: the closure is not added and the appointments stay booked', async () => {
    await preview({ date: DAY });
    const closures = await h.admin('GET', `/admin/locations/${loc.id}/closures`);
    expect(closures.json<{ items: unknown[] }>().items).toEqual([]);
    const [row] = await h.query<{ status: string }>(
      `SELECT status FROM ${h.table('appointments')} WHERE id = $1`,
      [bookedAt('08:00').id],
    );
    expect(row?.status).toBe('confirmed');
  });

  it('checks the body as POST …/closures does: 422 naming the field', async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await preview(body);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    };
    await bad({ date: '2026-02-30' }, 'date');
    await bad({ date: DAY, starts: '10:00' }, 'ends');
    await bad({ date: DAY, starts: '10:00', ends: '09:00' }, 'ends');
    await bad({}, 'date');
  });

  it('an unknown location is 404; only admins may ask (supervisors read closures, but do not add them)', async () => {
    expect(
      (await preview({ date: DAY }, h.adminToken, '01939f4e-0000-7000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect((await preview({ date: DAY }, h.staff('supervisor').token)).statusCode).toBe(403);
    expect((await preview({ date: DAY }, h.staff('clerk', [loc.id]).token)).statusCode).toBe(403);
    expect((await preview({ date: DAY }, '')).statusCode).toBe(401);
  });

  it('supervisors read the configuration (location, hours, closures, services, kiosks), but do not change it', async () => {
    const supervisor = h.staff('supervisor').token;
    for (const path of ['', '/opening-hours', '/closures', '/services', '/kiosks']) {
      const res = await h.request('GET', `/admin/locations/${loc.id}${path}`, { token: supervisor });
      expect([path, res.statusCode]).toEqual([path, 200]);
    }
    expect((await h.request('GET', '/admin/locations', { token: supervisor })).statusCode).toBe(200);
    const change = await h.request('POST', `/admin/locations/${loc.id}/closures`, {
      token: supervisor,
      body: { date: DAY },
    });
    expect(change.statusCode).toBe(403);
    const clerk = await h.request('GET', `/admin/locations/${loc.id}`, { token: h.staff('clerk').token });
    expect(clerk.statusCode).toBe(403);
  });
});
