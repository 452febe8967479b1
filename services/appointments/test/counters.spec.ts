import { defined } from '@buergeramt/testing';
import { v7 as uuidv7 } from 'uuid';
import { Harness, overlappingPairs, type SetUpLocation } from './support/harness';

interface Appointment {
  id: string;
  start: string;
}

interface Ticket {
  id: string;
  number: string;
  serviceId: string;
  counter: string | null;
}

interface Problem {
  type: string;
}

const BOOKING_NOW = '2026-11-25T10:00:00Z'; // Wednesday: bookings for Monday 2026-12-07
const BOOKING_DAY = '2026-12-07';
const OFFICE_DAY = '2026-11-30'; // a Monday: walk-ins and calls
const booked = (hhmm: string): string => `${BOOKING_DAY}T${hhmm}:00+01:00`;
const office = (hhmm: string): string => `${OFFICE_DAY}T${hhmm}:00+01:00`;

describe('counters per service and the admin configuration API (real Postgres and Redis)', () => {
  let h: Harness;

  const book = (location: { id: string }, serviceId: string, start: string) =>
    h.request('POST', '/appointments', {
      token: h.citizen().token,
      body: { serviceId, locationId: location.id, start },
    });

  const counterOf = async (appointmentId: string): Promise<string> => {
    const [row] = await h.query<{ counter_id: string }>(
      `SELECT counter_id FROM ${h.table('appointments')} WHERE id = $1`,
      [appointmentId],
    );
    return defined(row, `appointment ${appointmentId}`).counter_id;
  };

  const startsOn = async (serviceId: string, locationId: string, day: string): Promise<string[]> =>
    (await h.slots(serviceId, locationId, day, day)).map((s) => s.start);

  beforeAll(async () => {
    h = await Harness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe("an offer's counterIds", () => {
    let loc: SetUpLocation;
    let onlyFirst: string; // served at counter 1 only
    let everywhere: string; // served at every counter
    const clerk = (): string => h.staff('clerk', [loc.id]).token;
    const callNext = (counter: number) =>
      h.request('POST', `/locations/${loc.id}/counters/${loc.counterIds[counter]}/call-next`, {
        token: clerk(),
      });

    beforeAll(async () => {
      h.setNow(BOOKING_NOW);
      loc = await h.setUpLocation({ counters: 3, hours: [[1, '08:00', '16:00']] });
      onlyFirst = loc.serviceId;
      const restricted = await h.admin('PUT', `/admin/locations/${loc.id}/services/${onlyFirst}`, {
        durationMinutes: 15,
        maxFutureBookingsPerPerson: 1,
        counterIds: [loc.counterIds[0]],
      });
      expect(restricted.statusCode).toBe(200);
      expect(restricted.json()).toMatchObject({ counterIds: [loc.counterIds[0]] });
      everywhere = uuidv7();
      const open = await h.admin('PUT', `/admin/locations/${loc.id}/services/${everywhere}`, {
        durationMinutes: 15,
        maxFutureBookingsPerPerson: 1,
      });
      expect(open.statusCode).toBe(200);
      expect(open.json()).toMatchObject({ counterIds: null });
    });

    it('gives a restricted service the capacity of its counters only, and books it only there', async () => {
      h.setNow(BOOKING_NOW);
      expect(await startsOn(onlyFirst, loc.id, BOOKING_DAY)).toContain('2026-12-07T08:00:00.000+01:00');
      const first = await book(loc, onlyFirst, booked('08:00'));
      expect(first.statusCode).toBe(201);
      expect(await counterOf(first.json<Appointment>().id)).toBe(loc.counterIds[0]);
      // counters 2 and 3 are free at 08:00, yet they do not serve this service
      expect(await startsOn(onlyFirst, loc.id, BOOKING_DAY)).not.toContain('2026-12-07T08:00:00.000+01:00');
      const second = await book(loc, onlyFirst, booked('08:00'));
      expect(second.statusCode).toBe(409);
      expect(second.json<Problem>().type).toBe('slot-unavailable');

      // the unrestricted service still has counters 2 and 3 at 08:00, and no more
      expect(await startsOn(everywhere, loc.id, BOOKING_DAY)).toContain('2026-12-07T08:00:00.000+01:00');
      const others = await Promise.all([1, 2, 3].map(() => book(loc, everywhere, booked('08:00'))));
      expect(others.map((r) => r.statusCode).sort()).toEqual([201, 201, 409]);
      const counters = await Promise.all(
        others.filter((r) => r.statusCode === 201).map((r) => counterOf(r.json<Appointment>().id)),
      );
      expect(counters.sort()).toEqual([loc.counterIds[1], loc.counterIds[2]].sort());
      expect(await startsOn(everywhere, loc.id, BOOKING_DAY)).not.toContain('2026-12-07T08:00:00.000+01:00');

      // many parallel bookings of the restricted service at 08:15: one, on counter 1
      const rush = await Promise.all(Array.from({ length: 5 }, () => book(loc, onlyFirst, booked('08:15'))));
      const won = rush.filter((r) => r.statusCode === 201);
      expect(won).toHaveLength(1);
      expect(await counterOf(won[0]!.json<Appointment>().id)).toBe(loc.counterIds[0]);
      expect(await overlappingPairs(h)).toBe(0);
    });

    it('calls a ticket only to a counter serving its service', async () => {
      h.setNow(office('09:00'));
      const restricted = await h.request('POST', '/tickets', {
        token: clerk(),
        body: { locationId: loc.id, serviceId: onlyFirst },
      });
      expect(restricted.statusCode).toBe(201);
      h.setNow(office('09:01'));
      const open = await h.request('POST', '/tickets', {
        token: clerk(),
        body: { locationId: loc.id, serviceId: everywhere },
      });
      expect(open.statusCode).toBe(201);

      h.setNow(office('09:05'));
      // counter 2 skips the earlier ticket it does not serve
      const atSecond = await callNext(1);
      expect(atSecond.statusCode).toBe(200);
      expect(atSecond.json<Ticket>()).toMatchObject({
        id: open.json<Ticket>().id,
        serviceId: everywhere,
        counter: 'Schalter 2',
      });
      // counter 3 does not serve the one still waiting
      expect((await callNext(2)).statusCode).toBe(204);
      const [waiting] = await h.query<{ status: string; counter_id: string | null }>(
        `SELECT status, counter_id FROM ${h.table('tickets')} WHERE id = $1`,
        [restricted.json<Ticket>().id],
      );
      expect(waiting).toEqual({ status: 'waiting', counter_id: null });
      const atFirst = await callNext(0);
      expect(atFirst.statusCode).toBe(200);
      expect(atFirst.json<Ticket>()).toMatchObject({
        id: restricted.json<Ticket>().id,
        counter: 'Schalter 1',
      });
    });
  });

  describe('PATCH a counter: a deactivated counter takes no bookings and no calls', () => {
    let loc: SetUpLocation;

    beforeAll(async () => {
      h.setNow(BOOKING_NOW);
      loc = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '16:00']] });
    });

    it('renames and deactivates, and slots, bookings and call-next leave the counter out', async () => {
      h.setNow(BOOKING_NOW);
      const second = loc.counterIds[1];
      const patched = await h.admin('PATCH', `/admin/locations/${loc.id}/counters/${second}`, {
        name: 'Schalter 2 (gesperrt)',
        active: false,
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toEqual({ id: second, name: 'Schalter 2 (gesperrt)', active: false });
      const shown = await h.admin('GET', `/admin/locations/${loc.id}`);
      expect(shown.json<{ counters: unknown[] }>().counters).toEqual([
        { id: loc.counterIds[0], name: 'Schalter 1', active: true },
        { id: second, name: 'Schalter 2 (gesperrt)', active: false },
      ]);
      const audit = await h.query<{ details: { change: string } }>(
        `SELECT details FROM ${h.table('audit_log')} WHERE target_id = $1 AND details->>'change' = 'counter-updated'`,
        [loc.id],
      );
      expect(audit).toHaveLength(1);

      // one counter left: one booking fills 09:00
      const first = await book(loc, loc.serviceId, booked('09:00'));
      expect(first.statusCode).toBe(201);
      expect(await counterOf(first.json<Appointment>().id)).toBe(loc.counterIds[0]);
      expect(await startsOn(loc.serviceId, loc.id, BOOKING_DAY)).not.toContain(
        '2026-12-07T09:00:00.000+01:00',
      );
      const refused = await book(loc, loc.serviceId, booked('09:00'));
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Problem>().type).toBe('slot-unavailable');

      h.setNow(office('10:00'));
      const clerk = h.staff('clerk', [loc.id]).token;
      const ticket = await h.request('POST', '/tickets', {
        token: clerk,
        body: { locationId: loc.id, serviceId: loc.serviceId },
      });
      expect(ticket.statusCode).toBe(201);
      const inactive = await h.request('POST', `/locations/${loc.id}/counters/${second}/call-next`, {
        token: clerk,
      });
      expect(inactive.statusCode).toBe(409);
      expect(inactive.json<Problem>().type).toBe('counter-inactive');
      const [still] = await h.query<{ status: string }>(
        `SELECT status FROM ${h.table('tickets')} WHERE id = $1`,
        [ticket.json<Ticket>().id],
      );
      expect(still?.status).toBe('waiting');

      // active again: its capacity is back
      h.setNow(BOOKING_NOW);
      const reactivated = await h.admin('PATCH', `/admin/locations/${loc.id}/counters/${second}`, {
        active: true,
      });
      expect(reactivated.json()).toMatchObject({ active: true, name: 'Schalter 2 (gesperrt)' });
      expect(await startsOn(loc.serviceId, loc.id, BOOKING_DAY)).toContain('2026-12-07T09:00:00.000+01:00');
      const onSecond = await book(loc, loc.serviceId, booked('09:00'));
      expect(onSecond.statusCode).toBe(201);
      expect(await counterOf(onSecond.json<Appointment>().id)).toBe(second);
    });

    it('answers 404 for a counter of another location and 422 for a taken name', async () => {
      const other = await h.setUpLocation({ counters: 1 });
      expect(
        (
          await h.admin('PATCH', `/admin/locations/${loc.id}/counters/${other.counterIds[0]}`, {
            active: false,
          })
        ).statusCode,
      ).toBe(404);
      const clash = await h.admin('PATCH', `/admin/locations/${loc.id}/counters/${loc.counterIds[0]}`, {
        name: 'Schalter 2 (gesperrt)',
      });
      expect(clash.statusCode).toBe(422);
    });
  });

  describe('DELETE a service offer', () => {
    it('removes its slots and bookings at once; a second DELETE is 404', async () => {
      h.setNow(BOOKING_NOW);
      const loc = await h.setUpLocation({ counters: 1 });
      expect((await startsOn(loc.serviceId, loc.id, BOOKING_DAY)).length).toBeGreaterThan(0);
      const removed = await h.admin('DELETE', `/admin/locations/${loc.id}/services/${loc.serviceId}`);
      expect(removed.statusCode).toBe(204);
      expect(await startsOn(loc.serviceId, loc.id, BOOKING_DAY)).toEqual([]);
      expect(await h.slots(loc.serviceId, null, BOOKING_DAY, BOOKING_DAY)).toEqual(
        expect.not.arrayContaining([expect.objectContaining({ locationId: loc.id })]),
      );
      const booking = await book(loc, loc.serviceId, booked('08:00'));
      expect(booking.statusCode).toBe(422);
      const services = await h.admin('GET', `/admin/locations/${loc.id}/services`);
      expect(services.json()).toEqual({ items: [], nextCursor: null });
      const listed = await h.request('GET', '/locations');
      expect(
        listed.json<{ items: { id: string; serviceIds: string[] }[] }>().items.find((l) => l.id === loc.id),
      ).toMatchObject({ serviceIds: [] });
      const again = await h.admin('DELETE', `/admin/locations/${loc.id}/services/${loc.serviceId}`);
      expect(again.statusCode).toBe(404);
      expect((await h.admin('DELETE', `/admin/locations/${loc.id}/services/${uuidv7()}`)).statusCode).toBe(
        404,
      );
    });
  });

  describe('GET opening hours and closures', () => {
    it('shows the weekly ranges sorted, and the closures by date, and forgets a removed closure', async () => {
      h.setNow(BOOKING_NOW);
      const loc = await h.setUpLocation({
        counters: 1,
        hours: [
          [3, '09:00', '12:00'],
          [1, '13:00', '16:00'],
          [1, '08:00', '12:00'],
        ],
      });
      const hours = await h.admin('GET', `/admin/locations/${loc.id}/opening-hours`);
      expect(hours.statusCode).toBe(200);
      expect(hours.json()).toEqual({
        ranges: [
          { weekday: 1, opens: '08:00', closes: '12:00' },
          { weekday: 1, opens: '13:00', closes: '16:00' },
          { weekday: 3, opens: '09:00', closes: '12:00' },
        ],
      });
      expect((await h.admin('GET', `/admin/locations/${loc.id}/closures`)).json()).toEqual({
        items: [],
        nextCursor: null,
      });
      const half = await h.admin('POST', `/admin/locations/${loc.id}/closures`, {
        date: '2026-12-09',
        starts: '09:00',
        ends: '10:00',
        reason: 'Personalversammlung',
        reasonPublic: true,
      });
      expect(half.statusCode).toBe(201);
      const whole = await h.admin('POST', `/admin/locations/${loc.id}/closures`, { date: BOOKING_DAY });
      expect(whole.statusCode).toBe(201);
      const closures = await h.admin('GET', `/admin/locations/${loc.id}/closures`);
      expect(closures.statusCode).toBe(200);
      expect(closures.json()).toEqual({
        items: [
          {
            id: whole.json<{ id: string }>().id,
            date: BOOKING_DAY,
            starts: null,
            ends: null,
            reason: null,
            reasonPublic: false,
          },
          {
            id: half.json<{ id: string }>().id,
            date: '2026-12-09',
            starts: '09:00',
            ends: '10:00',
            reason: 'Personalversammlung',
            reasonPublic: true,
          },
        ],
        nextCursor: null,
      });
      expect(await startsOn(loc.serviceId, loc.id, BOOKING_DAY)).toEqual([]);
      const removed = await h.admin(
        'DELETE',
        `/admin/locations/${loc.id}/closures/${whole.json<{ id: string }>().id}`,
      );
      expect(removed.statusCode).toBe(204);
      expect(
        (await h.admin('GET', `/admin/locations/${loc.id}/closures`)).json<{ items: { id: string }[] }>()
          .items,
      ).toEqual([expect.objectContaining({ id: half.json<{ id: string }>().id })]);
      expect((await startsOn(loc.serviceId, loc.id, BOOKING_DAY)).length).toBeGreaterThan(0);
      expect((await h.admin('GET', `/admin/locations/${uuidv7()}/opening-hours`)).statusCode).toBe(404);
      expect((await h.admin('GET', `/admin/locations/${uuidv7()}/closures`)).statusCode).toBe(404);
      // supervisors read the configuration (decision §33); only admins change it
      const supervisor = { token: h.staff('supervisor').token };
      expect((await h.request('GET', `/admin/locations/${loc.id}/closures`, supervisor)).statusCode).toBe(
        200,
      );
      expect(
        (
          await h.request('POST', `/admin/locations/${loc.id}/closures`, {
            ...supervisor,
            body: { date: BOOKING_DAY },
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (await h.request('GET', `/admin/locations/${loc.id}/closures`, { token: h.staff('clerk').token }))
          .statusCode,
      ).toBe(403);
    });
  });

  describe('GET /admin/locations', () => {
    it('lists every location with its configuration, inactive ones included', async () => {
      h.setNow(BOOKING_NOW);
      const name = `Bürgeramt Liste ${uuidv7().slice(-6)}`;
      const loc = await h.setUpLocation({
        name,
        counters: 2,
        durationMinutes: 20,
        maxFutureBookingsPerPerson: 2,
      });
      const closed = await h.setUpLocation({ counters: 1 });
      expect((await h.admin('PATCH', `/admin/locations/${closed.id}`, { active: false })).statusCode).toBe(
        200,
      );

      const res = await h.admin('GET', '/admin/locations');
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: { id: string; name: string }[]; nextCursor: null }>();
      expect(body.nextCursor).toBeNull();
      const item = body.items.find((l) => l.id === loc.id);
      expect(item).toEqual({
        id: loc.id,
        name,
        address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
        openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '12:00' })),
        serviceIds: [loc.serviceId],
        slotIntervalMinutes: 15,
        bookingWindowDays: null,
        minLeadMinutes: null,
        walkInsEnabled: true,
        active: true,
        demo: false,
        counters: [
          { id: loc.counterIds[0], name: 'Schalter 1', active: true },
          { id: loc.counterIds[1], name: 'Schalter 2', active: true },
        ],
        services: [
          {
            serviceId: loc.serviceId,
            name: null,
            durationMinutes: 20,
            maxFutureBookingsPerPerson: 2,
            counterIds: null,
          },
        ],
      });
      expect(body.items.find((l) => l.id === closed.id)).toMatchObject({ active: false });
      // the public list leaves the inactive one out
      const publicIds = (await h.request('GET', '/locations')).json<{ items: { id: string }[] }>().items;
      expect(publicIds.map((l) => l.id)).toContain(loc.id);
      expect(publicIds.map((l) => l.id)).not.toContain(closed.id);
      // supervisors read the configuration (decision §33), clerks do not
      expect(
        (await h.request('GET', '/admin/locations', { token: h.staff('supervisor').token })).statusCode,
      ).toBe(200);
      expect((await h.request('GET', '/admin/locations', { token: h.staff('clerk').token })).statusCode).toBe(
        403,
      );
    });
  });
});
