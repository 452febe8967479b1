import { Harness, type SetUpLocation } from './support/harness';

interface Problem {
  type: string;
  status: number;
}

const DAY = '2026-11-30'; // a Monday
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;
const KIOSK = 'cl_0123456789abcdef01234567';

describe("a location's ticket kiosk (machine client with tickets:write)", () => {
  let h: Harness;
  let loc: SetUpLocation;
  let other: SetUpLocation;
  const kiosk = (clientId = KIOSK): string => h.issuer.clientToken(clientId, ['tickets:write']);
  const walkIn = (token: string, at: SetUpLocation = loc) =>
    h.request('POST', '/tickets', { token, body: { locationId: at.id, serviceId: at.serviceId } });

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(at('07:00'));
    loc = await h.setUpLocation({ hours: [[1, '08:00', '16:00']], minLeadMinutes: 0 });
    other = await h.setUpLocation({ hours: [[1, '08:00', '16:00']], minLeadMinutes: 0 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is registered by admins only, for a location that exists, with a well-formed client id', async () => {
    const url = `/admin/locations/${loc.id}/kiosks/${KIOSK}`;
    expect((await h.request('PUT', url, { token: h.staff('supervisor').token, body: {} })).statusCode).toBe(
      403,
    );
    expect((await h.request('PUT', url, { body: {} })).statusCode).toBe(401);
    expect((await h.admin('PUT', `/admin/locations/${other.serviceId}/kiosks/${KIOSK}`, {})).statusCode).toBe(
      404,
    );
    const malformed = await h.admin(
      'PUT',
      `/admin/locations/${loc.id}/kiosks/${encodeURIComponent('a b')}`,
      {},
    );
    expect(malformed.json<Problem>()).toMatchObject({ status: 422, type: 'validation-failed' });
    expect((await h.admin('PUT', url, { label: 'x'.repeat(101) })).statusCode).toBe(422);

    const registered = await h.admin('PUT', url, { label: 'Eingang Rathausplatz' });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toMatchObject({ clientId: KIOSK, label: 'Eingang Rathausplatz' });
    // idempotent: a second PUT relabels, and lists the kiosk once
    expect((await h.admin('PUT', url, { label: 'Foyer' })).statusCode).toBe(200);
    const list = await h.admin('GET', `/admin/locations/${loc.id}/kiosks`);
    expect(list.json()).toEqual({
      items: [{ clientId: KIOSK, label: 'Foyer', createdAt: expect.any(String) as string }],
      nextCursor: null,
    });
    const audited = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${h.table('audit_log')} WHERE target_id = $1 AND details->>'change' = 'kiosk-registered'`,
      [loc.id],
    );
    expect(audited[0]?.n).toBe(2);
  });

  it('draws walk-in tickets at its own location only', async () => {
    h.setNow(at('09:00'));
    const ticket = await walkIn(kiosk());
    expect(ticket.statusCode).toBe(201);
    expect(ticket.json()).toMatchObject({ number: 'A001', kind: 'walk_in', status: 'waiting' });
    expect((await walkIn(kiosk(), other)).json<Problem>()).toMatchObject({
      status: 403,
      type: 'location-not-assigned',
    });
    // another client with the scope, not registered; and the registered one without the scope
    expect((await walkIn(kiosk('cl_not_registered'))).json<Problem>().type).toBe('location-not-assigned');
    expect((await walkIn(h.issuer.clientToken(KIOSK, ['appointments:read']))).statusCode).toBe(403);
  });

  it('checks in an appointment of today at its location, and can do nothing else of a clerk', async () => {
    h.setNow(at('08:00'));
    const booked = await h.request('POST', '/appointments', {
      token: h.citizen().token,
      body: { serviceId: loc.serviceId, locationId: loc.id, start: at('10:00') },
    });
    expect(booked.statusCode).toBe(201);
    const elsewhere = await h.request('POST', '/appointments', {
      token: h.citizen().token,
      body: { serviceId: other.serviceId, locationId: other.id, start: at('10:00') },
    });
    h.setNow(at('09:50'));
    const checkIn = (appointmentId: string) =>
      h.request('POST', '/tickets', { token: kiosk(), body: { appointmentId } });
    const ticket = await checkIn(booked.json<{ id: string }>().id);
    expect(ticket.statusCode).toBe(201);
    expect(ticket.json()).toMatchObject({ number: 'T001', kind: 'appointment' });
    expect((await checkIn(elsewhere.json<{ id: string }>().id)).json<Problem>().type).toBe(
      'location-not-assigned',
    );
    const callNext = await h.request('POST', `/locations/${loc.id}/counters/${loc.counterIds[0]}/call-next`, {
      token: kiosk(),
    });
    expect(callNext.statusCode).toBe(403);
    expect(
      (await h.request('GET', `/locations/${loc.id}/agenda?date=${DAY}`, { token: kiosk() })).statusCode,
    ).toBe(403);
  });

  it('stops working when it is removed', async () => {
    const url = `/admin/locations/${loc.id}/kiosks/${KIOSK}`;
    expect((await h.admin('DELETE', url)).statusCode).toBe(204);
    expect((await h.admin('DELETE', url)).statusCode).toBe(404);
    expect((await walkIn(kiosk())).json<Problem>().type).toBe('location-not-assigned');
    expect((await h.admin('GET', `/admin/locations/${loc.id}/kiosks`)).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
