import { createHmac } from 'node:crypto';
import { defined, waitFor } from '@buergeramt/testing';
import { v7 as uuidv7 } from 'uuid';
import { Harness, overlappingPairs, type SetUpLocation } from './support/harness';

interface Appointment {
  id: string;
  reference: string;
  status: string;
  start: string;
}

interface Problem {
  type: string;
}

const NOW = '2026-11-25T10:00:00Z'; // Wednesday
const SECRET = 'test-manage-token-secret-of-this-run-0123456789';

function manageToken(id: string): string {
  return createHmac('sha256', SECRET).update(`appointment-manage:${id}`).digest('base64url');
}

describe('who may move, export and read appointments (real Postgres and Redis)', () => {
  let h: Harness;

  const book = (
    loc: SetUpLocation,
    start: string,
    options: { token?: string; contact?: Record<string, string> } = {},
  ) =>
    h.request('POST', '/appointments', {
      token: options.token,
      body: {
        serviceId: loc.serviceId,
        locationId: loc.id,
        start,
        ...(options.contact ? { contact: options.contact } : {}),
      },
    });

  const startOf = async (id: string): Promise<string> => {
    const [row] = await h.query<{ start_at: Date }>(
      `SELECT start_at FROM ${h.table('appointments')} WHERE id = $1`,
      [id],
    );
    return defined(row, `appointment ${id}`).start_at.toISOString();
  };

  beforeAll(async () => {
    h = await Harness.boot({ MANAGE_TOKEN_SECRET: SECRET });
    h.setNow(NOW);
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('reschedule and .ics', () => {
    let loc: SetUpLocation;
    let appointment: Appointment;

    beforeAll(async () => {
      h.setNow(NOW);
      loc = await h.setUpLocation({ counters: 1 });
      const res = await book(loc, '2026-12-07T10:00:00+01:00', { token: h.citizen().token });
      expect(res.statusCode).toBe(201);
      appointment = res.json<Appointment>();
    });

    it('lets staff of the location move an appointment (audited), not staff elsewhere', async () => {
      h.setNow(NOW);
      const elsewhere = await h.request('POST', `/appointments/${appointment.id}/reschedule`, {
        token: h.staff('clerk', [uuidv7()]).token,
        body: { start: '2026-12-07T10:30:00+01:00' },
      });
      expect(elsewhere.statusCode).toBe(403);
      expect(elsewhere.json<Problem>().type).toBe('location-not-assigned');
      expect(await startOf(appointment.id)).toBe('2026-12-07T09:00:00.000Z');

      const clerk = h.staff('clerk', [loc.id]);
      const moved = await h.request('POST', `/appointments/${appointment.id}/reschedule`, {
        token: clerk.token,
        body: { start: '2026-12-07T10:30:00+01:00' },
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json<Appointment>()).toMatchObject({
        id: appointment.id,
        status: 'confirmed',
        start: '2026-12-07T10:30:00.000+01:00',
      });
      const audit = await h.query<{ actor_id: string; actor_type: string; actor_role: string }>(
        `SELECT actor_id, actor_type, actor_role FROM ${h.table('audit_log')}
          WHERE target_id = $1 AND action = 'appointment.rescheduled'`,
        [appointment.id],
      );
      expect(audit).toEqual([{ actor_id: clerk.id, actor_type: 'user', actor_role: 'clerk' }]);
      const [event] = await h.outbox('appointment.rescheduled', appointment.id);
      expect(event?.data).toMatchObject({
        start: '2026-12-07T10:30:00.000+01:00',
        previousStart: '2026-12-07T10:00:00.000+01:00',
      });
      // a machine client may read, never move (403: logged in, not allowed), and without the scope not read
      const client = await h.request('POST', `/appointments/${appointment.id}/reschedule`, {
        token: h.issuer.clientToken(uuidv7(), ['appointments:read']),
        body: { start: '2026-12-07T10:45:00+01:00' },
      });
      expect(client.statusCode).toBe(403);
      const reader = h.issuer.clientToken(uuidv7(), ['appointments:read']);
      expect((await h.request('GET', `/appointments/${appointment.id}`, { token: reader })).statusCode).toBe(
        200,
      );
      const noScope = h.issuer.clientToken(uuidv7(), ['applications:read']);
      expect((await h.request('GET', `/appointments/${appointment.id}`, { token: noScope })).statusCode).toBe(
        403,
      );
    });

    it('serves the .ics to staff of the location, and 403 to staff elsewhere', async () => {
      const res = await h.request('GET', `/appointments/${appointment.id}/ics`, {
        token: h.staff('clerk', [loc.id]).token,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="termin-${appointment.reference}.ics"`,
      );
      expect(res.body).toContain(`UID:${appointment.id}@buergeramt.example`);
      expect(res.body).toContain('DTSTART:20261207T093000Z');
      expect(
        (
          await h.request('GET', `/appointments/${appointment.id}/ics`, {
            token: h.staff('clerk', [uuidv7()]).token,
          })
        ).statusCode,
      ).toBe(403);
    });

    it('serves the .ics of a guest booking to the holder of its manage token only', async () => {
      h.setNow(NOW);
      const guest = await book(loc, '2026-12-07T11:00:00+01:00', {
        contact: { name: 'Erika Mustermann', email: `erika-${uuidv7()}@example.org` },
      });
      expect(guest.statusCode).toBe(201);
      const { id, reference } = guest.json<Appointment>();
      const res = await h.request('GET', `/appointments/${id}/ics?token=${manageToken(id)}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="termin-${reference}.ics"`);
      expect(res.body).toContain(`UID:${id}@buergeramt.example`);
      expect(res.body).toContain('DTSTART:20261207T100000Z');
      // no credentials at all: 401 (API.md), for this appointment as for one that does not exist
      expect((await h.request('GET', `/appointments/${id}/ics`)).statusCode).toBe(401);
      expect((await h.request('GET', `/appointments/${uuidv7()}`)).statusCode).toBe(401);
      expect(
        (await h.request('GET', `/appointments/${id}/ics?token=${manageToken(appointment.id)}`)).statusCode,
      ).toBe(404);
      expect(
        (await h.request('GET', `/appointments/${id}/ics`, { token: h.citizen().token })).statusCode,
      ).toBe(404);
    });
  });

  describe('a reschedule racing a new booking for the last free slot', () => {
    // one counter, 08:00–09:00 on Mondays: four slots; three booked leave 08:15 as the last one
    for (const day of ['2026-12-07', '2026-12-14', '2026-12-21']) {
      it(`gives the slot to exactly one of them (${day})`, async () => {
        h.setNow(NOW);
        const loc = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '09:00']] });
        const at = (hhmm: string): string => `${day}T${hhmm}:00+01:00`;
        const owner = h.citizen();
        const mine = await book(loc, at('08:00'), { token: owner.token });
        expect(mine.statusCode).toBe(201);
        const id = mine.json<Appointment>().id;
        for (const time of ['08:30', '08:45'])
          expect((await book(loc, at(time), { token: h.citizen().token })).statusCode).toBe(201);
        expect((await h.slots(loc.serviceId, loc.id, day, day)).map((s) => s.start)).toEqual([
          `${day}T08:15:00.000+01:00`,
        ]);

        const [moved, booked] = await Promise.all([
          h.request('POST', `/appointments/${id}/reschedule`, {
            token: owner.token,
            body: { start: at('08:15') },
          }),
          book(loc, at('08:15'), { token: h.citizen().token }),
        ]);
        const statuses = [moved.statusCode, booked.statusCode];
        expect(statuses.filter((s) => s === 409)).toHaveLength(1);
        expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
        const loser = moved.statusCode === 409 ? moved : booked;
        expect(loser.json<Problem>().type).toBe('slot-unavailable');
        if (moved.statusCode === 409) {
          // the refused move keeps the old time; the 08:00 slot stays taken
          expect(await startOf(id)).toBe(new Date(at('08:00')).toISOString());
          expect(await h.slots(loc.serviceId, loc.id, day, day)).toEqual([]);
        } else {
          expect(moved.statusCode).toBe(200);
          expect(await startOf(id)).toBe(new Date(at('08:15')).toISOString());
          expect((await h.slots(loc.serviceId, loc.id, day, day)).map((s) => s.start)).toEqual([
            `${day}T08:00:00.000+01:00`,
          ]);
        }
        const [row] = await h.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${h.table('appointments')}
            WHERE location_id = $1 AND status NOT IN ('cancelled', 'expired')`,
          [loc.id],
        );
        const { n } = defined(row, 'the count');
        expect(n).toBe(moved.statusCode === 409 ? 4 : 3);
        expect(await overlappingPairs(h)).toBe(0);
      });
    }
  });

  describe('the same race with the order forced by holding a lock', () => {
    /** Runs `sql` in a transaction of its own and keeps it open (and its locks held) until `release`. */
    const hold = async (sql: string, params: unknown[]) => {
      const runner = h.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(sql, params);
      const [row] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
      const { pid } = defined(row, 'the pid');
      return {
        /** until a request's statement waits for this transaction */
        blocking: () =>
          waitFor(
            async () => {
              const [row] = await h.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
                [pid],
              );
              return defined(row, 'the count').n > 0;
            },
            { message: 'a request waiting for the held lock' },
          ),
        release: async () => {
          await runner.rollbackTransaction();
          await runner.release();
        },
      };
    };

    const lastSlot = async (day: string) => {
      h.setNow(NOW);
      const loc = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '09:00']] });
      const at = (hhmm: string): string => `${day}T${hhmm}:00+01:00`;
      const owner = h.citizen();
      const mine = await book(loc, at('08:00'), { token: owner.token });
      expect(mine.statusCode).toBe(201);
      for (const time of ['08:30', '08:45'])
        expect((await book(loc, at(time), { token: h.citizen().token })).statusCode).toBe(201);
      return { loc, at, owner, id: mine.json<Appointment>().id };
    };

    it('the new booking first: the move is refused with 409 and keeps the old time', async () => {
      const { loc, at, owner, id } = await lastSlot('2027-01-11');
      // the reschedule waits on the appointment's row while the booking goes through
      const lock = await hold(`SELECT id FROM ${h.table('appointments')} WHERE id = $1 FOR UPDATE`, [id]);
      const moving = h.request('POST', `/appointments/${id}/reschedule`, {
        token: owner.token,
        body: { start: at('08:15') },
      });
      try {
        await lock.blocking();
        const booked = await book(loc, at('08:15'), { token: h.citizen().token });
        expect(booked.statusCode).toBe(201);
      } finally {
        await lock.release();
      }
      const moved = await moving;
      expect(moved.statusCode).toBe(409);
      expect(moved.json<Problem>().type).toBe('slot-unavailable');
      expect(await startOf(id)).toBe(new Date(at('08:00')).toISOString());
      const kept = await h.request('GET', `/appointments/${id}`, { token: owner.token });
      expect(kept.json<Appointment>().start).toBe('2027-01-11T08:00:00.000+01:00');
      expect(await h.outbox('appointment.rescheduled', id)).toEqual([]);
      expect(await h.slots(loc.serviceId, loc.id, '2027-01-11', '2027-01-11')).toEqual([]);
      expect(await overlappingPairs(h)).toBe(0);
    });

    it('the move first: the new booking is refused with 409 slot-unavailable', async () => {
      const { loc, at, owner, id } = await lastSlot('2027-01-18');
      const booker = h.citizen();
      // the booking waits on its per-person lock while the reschedule goes through
      const lock = await hold('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `person:user:${booker.id}:${loc.serviceId}`,
      ]);
      const booking = book(loc, at('08:15'), { token: booker.token });
      try {
        await lock.blocking();
        const moved = await h.request('POST', `/appointments/${id}/reschedule`, {
          token: owner.token,
          body: { start: at('08:15') },
        });
        expect(moved.statusCode).toBe(200);
      } finally {
        await lock.release();
      }
      const booked = await booking;
      expect(booked.statusCode).toBe(409);
      expect(booked.json<Problem>().type).toBe('slot-unavailable');
      expect(await startOf(id)).toBe(new Date(at('08:15')).toISOString());
      expect(await overlappingPairs(h)).toBe(0);
    });
  });

  describe('machine clients with appointments:read', () => {
    let loc: SetUpLocation;
    const DAY = '2026-12-07';

    beforeAll(async () => {
      h.setNow(NOW);
      loc = await h.setUpLocation({ counters: 1 });
      const res = await book(loc, `${DAY}T08:00:00+01:00`, {
        token: h.staff('clerk', [loc.id]).token,
        contact: { name: 'Max Mustermann', email: 'max@example.org', phone: '+49 711 5678' },
      });
      expect(res.statusCode).toBe(201);
    });

    it('read the agenda of a day (the read is audited with the client as actor)', async () => {
      const clientId = uuidv7();
      const res = await h.request('GET', `/locations/${loc.id}/agenda?date=${DAY}`, {
        token: h.issuer.clientToken(clientId, ['appointments:read']),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        date: DAY,
        appointments: [
          {
            start: `${DAY}T08:00:00.000+01:00`,
            counter: 'Schalter 1',
            contact: { name: 'Max Mustermann', email: 'max@example.org', phone: '+49 711 5678' },
          },
        ],
        tickets: [],
      });
      const audit = await h.query<{ actor_id: string; actor_type: string }>(
        `SELECT actor_id, actor_type FROM ${h.table('audit_log')} WHERE target_id = $1 AND action = 'agenda.read'`,
        [loc.id],
      );
      expect(audit).toEqual([{ actor_id: clientId, actor_type: 'client' }]);
    });

    it('read the statistics', async () => {
      const res = await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}&locationId=${loc.id}`, {
        token: h.issuer.clientToken(uuidv7(), ['appointments:read']),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        from: DAY,
        to: DAY,
        locationIds: [loc.id],
        totals: { bookings: 1, cancellations: 0 },
      });
      const all = await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}`, {
        token: h.issuer.clientToken(uuidv7(), ['appointments:read']),
      });
      expect(all.statusCode).toBe(200);
      expect(all.json<{ locationIds: string[] }>().locationIds).toContain(loc.id);
    });

    it('are refused (403) without the scope, and can do nothing else of a clerk', async () => {
      for (const scopes of [['catalogue:read'], ['applications:read'], ['tickets:write']] as const) {
        const token = h.issuer.clientToken(uuidv7(), [...scopes]);
        const agenda = await h.request('GET', `/locations/${loc.id}/agenda?date=${DAY}`, { token });
        expect(agenda.statusCode).toBe(403);
        const stats = await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}`, { token });
        expect(stats.statusCode).toBe(403);
      }
      expect((await h.request('GET', `/locations/${loc.id}/agenda?date=${DAY}`)).statusCode).toBe(401);
      const reader = h.issuer.clientToken(uuidv7(), ['appointments:read']);
      const call = await h.request('POST', `/locations/${loc.id}/counters/${loc.counterIds[0]}/call-next`, {
        token: reader,
      });
      expect(call.statusCode).toBe(403);
      const ticket = await h.request('POST', '/tickets', {
        token: reader,
        body: { locationId: loc.id, serviceId: loc.serviceId },
      });
      expect(ticket.statusCode).toBe(403);
      const booking = await book(loc, `${DAY}T09:00:00+01:00`, {
        token: reader,
        contact: { name: 'X', email: 'x@example.org' },
      });
      expect(booking.statusCode).toBe(403);
    });
  });
});
