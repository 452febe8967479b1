import { createHmac } from 'node:crypto';
import { MessagingRuntime } from '@buergeramt/messaging';
import { defined, waitFor } from '@buergeramt/testing';
import { v7 as uuidv7 } from 'uuid';
import { HousekeepingProcessor } from '../src/housekeeping/housekeeping.processor';
import { BookingRefusalsAsResults1766700000000 } from '../src/migrations/1766700000000-booking-refusals-as-results';
import { Harness, overlappingPairs, type SetUpLocation } from './support/harness';

// ical.js (dev dependency, CommonJS, untyped): parses the .ics as a calendar client would
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as {
  parse(input: string): unknown;
  Component: new (jcal: unknown) => {
    getFirstSubcomponent(name: string): { getFirstPropertyValue(name: string): unknown } | null;
  };
};

interface Appointment {
  id: string;
  reference: string;
  status: string;
  serviceId: string;
  locationId: string;
  start: string;
  end: string;
  expiresAt?: string | null;
}

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

const NOW = '2026-11-25T10:00:00Z'; // Wednesday
const MONDAY_8 = '2026-11-30T08:00:00+01:00';
const SECRET = 'test-manage-token-secret-of-this-run-0123456789';

function manageToken(id: string): string {
  return createHmac('sha256', SECRET).update(`appointment-manage:${id}`).digest('base64url');
}

describe('booking, confirmation, cancel and reschedule (real Postgres and Redis)', () => {
  let h: Harness;
  let loc: SetUpLocation;

  const book = (
    start: string,
    options: {
      token?: string;
      contact?: Record<string, string>;
      key?: string;
      location?: SetUpLocation;
      lang?: string;
    } = {},
  ) => {
    const location = options.location ?? loc;
    return h.request('POST', '/appointments', {
      token: options.token,
      body: {
        serviceId: location.serviceId,
        locationId: location.id,
        start,
        ...(options.contact ? { contact: options.contact } : {}),
      },
      headers: {
        ...(options.key ? { 'idempotency-key': options.key } : {}),
        ...(options.lang ? { 'accept-language': options.lang } : {}),
      },
    });
  };

  const statusOf = async (id: string): Promise<string> => {
    const [row] = await h.query<{ status: string }>(
      `SELECT status FROM ${h.table('appointments')} WHERE id = $1`,
      [id],
    );
    return row?.status ?? 'missing';
  };

  /** Runs the (delayed) expiry job of `id` now, with the clock past its confirmation time; its return value. */
  const runExpiryJob = async (id: string): Promise<unknown> => {
    const job = await h.expiryJob(id);
    h.setNow(new Date(Date.parse(NOW) + 31 * 60_000));
    try {
      await job.promote();
      await waitFor(async () => (await job.getState()) === 'completed', { message: 'expiry job done' });
      return (await h.expiryQueue.getJob(job.id!))?.returnvalue;
    } finally {
      h.setNow(NOW);
    }
  };

  beforeAll(async () => {
    h = await Harness.boot({ MANAGE_TOKEN_SECRET: SECRET });
    h.setNow(NOW);
    loc = await h.setUpLocation({ counters: 2, maxFutureBookingsPerPerson: 1 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses an overlapping booking on one counter in the database itself (exclusion constraint)', async () => {
    const citizen = h.citizen();
    const res = await book('2026-11-30T11:00:00+01:00', { token: citizen.token });
    expect(res.statusCode).toBe(201);
    const [row] = await h.query<Record<string, unknown>>(
      `SELECT * FROM ${h.table('appointments')} WHERE id = $1`,
      [res.json<Appointment>().id],
    );
    if (!row) throw new Error('the booked appointment is not stored');
    await expect(
      h.query(
        `INSERT INTO ${h.table('appointments')} (id, reference, location_id, service_id, counter_id, start_at, end_at, status, locale)
         VALUES ($1, 'T-RAW', $2, $3, $4, $5::timestamptz + interval '5 minutes', $6::timestamptz + interval '5 minutes', 'confirmed', 'de')`,
        [uuidv7(), row.location_id, row.service_id, row.counter_id, row.start_at, row.end_at],
      ),
    ).rejects.toThrow(/appointments_no_overlap/);
  });

  describe('POST /appointments', () => {
    it('confirms a logged-in citizen at once and publishes appointment.booked with the contract payload', async () => {
      const citizen = h.citizen();
      const res = await book(MONDAY_8, { token: citizen.token });
      expect(res.statusCode).toBe(201);
      const body = res.json<Appointment>();
      expect(body).toMatchObject({
        id: expect.any(String),
        reference: expect.stringMatching(/^T-[A-Z2-9]{8}$/),
        status: 'confirmed',
        serviceId: loc.serviceId,
        locationId: loc.id,
        start: '2026-11-30T08:00:00.000+01:00',
        end: '2026-11-30T08:15:00.000+01:00',
      });
      const [event] = await h.outbox('appointment.booked', body.id);
      expect(event?.data).toEqual({
        appointmentId: body.id,
        reference: body.reference,
        serviceId: loc.serviceId,
        locationId: loc.id,
        start: '2026-11-30T08:00:00.000+01:00',
        end: '2026-11-30T08:15:00.000+01:00',
        userId: citizen.id,
        contact: null,
        manageToken: null,
        confirmBy: null,
        serviceName: null,
        locationName: expect.any(String),
        locationAddress: 'Rathausplatz 2, 73728 Esslingen am Neckar',
      });
    });

    it('keeps a guest booking pending with a manage token in the event, and confirms it with that token', async () => {
      const res = await book('2026-11-30T08:15:00+01:00', {
        contact: { name: 'Erika Mustermann', email: 'Erika@Example.org', phone: '+49 711 1234' },
        lang: 'en',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<Appointment>();
      expect(body.status).toBe('pending_confirmation');
      expect(Date.parse(body.expiresAt!)).toBe(Date.parse(NOW) + 30 * 60_000);
      const [event] = await h.outbox('appointment.booked', body.id);
      expect(event?.data).toMatchObject({
        userId: null,
        contact: { name: 'Erika Mustermann', email: 'erika@example.org', locale: 'en' },
        manageToken: manageToken(body.id),
        // the mail's "confirm by" is the booking service's own time (GUEST_CONFIRMATION_MINUTES)
        confirmBy: body.expiresAt,
      });
      // its expiry job, written by the booking's statement and handed over by the relay, waits 30 minutes
      const job = await h.expiryJob(body.id);
      expect(job.name).toBe('expire');
      expect(job.data).toEqual({ appointmentId: body.id });
      expect(await job.getState()).toBe('delayed');

      const wrong = await h.request('POST', `/appointments/${body.id}/confirm`, { body: { token: 'nope' } });
      expect(wrong.statusCode).toBe(404);
      const confirmed = await h.request('POST', `/appointments/${body.id}/confirm`, {
        body: { token: manageToken(body.id) },
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json<Appointment>().status).toBe('confirmed');
      const [confirmedEvent] = await h.outbox('appointment.confirmed', body.id);
      expect(confirmedEvent?.data).toMatchObject({ manageToken: manageToken(body.id), confirmBy: null });
      const again = await h.request('POST', `/appointments/${body.id}/confirm`, {
        body: { token: manageToken(body.id) },
      });
      expect(again.statusCode).toBe(200);
      expect(await h.outbox('appointment.confirmed', body.id)).toHaveLength(1);

      // the confirmation removes no job: when it runs after the confirmation time, it does nothing
      await runExpiryJob(body.id);
      expect(await statusOf(body.id)).toBe('confirmed');
      expect(await h.outbox('appointment.expired', body.id)).toEqual([]);
    });

    it('expires an unconfirmed guest booking with its delayed job after 30 minutes and frees the slot', async () => {
      const start = '2026-11-30T09:00:00+01:00';
      const first = await book(start, { contact: { name: 'Gast Eins', email: 'gast1@example.org' } });
      const second = await book(start, { contact: { name: 'Gast Zwei', email: 'gast2@example.org' } });
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      const slotsNow = await h.slots(loc.serviceId, loc.id, '2026-11-30', '2026-11-30');
      expect(slotsNow.map((s) => s.start)).not.toContain('2026-11-30T09:00:00.000+01:00');

      const id = first.json<Appointment>().id;
      const job = await h.expiryJob(id);
      expect(job.opts.delay).toBeGreaterThan(29 * 60_000);
      expect(job.opts.delay).toBeLessThanOrEqual(30 * 60_000 + 1000);
      // 30 minutes later: the delayed job becomes due
      h.setNow(new Date(Date.parse(NOW) + 31 * 60_000));
      try {
        await job.promote();
        // the other guest's job is still delayed, so wait for this job rather than for an empty queue
        await waitFor(async () => (await job.getState()) === 'completed', { message: 'expiry job done' });
        const [row] = await h.query<{ status: string }>(
          `SELECT status FROM ${h.table('appointments')} WHERE id = $1`,
          [id],
        );
        expect(row?.status).toBe('expired');
        expect(await h.outbox('appointment.expired', id)).toHaveLength(1);
        const slots = await h.slots(loc.serviceId, loc.id, '2026-11-30', '2026-11-30');
        expect(slots.map((s) => s.start)).toContain('2026-11-30T09:00:00.000+01:00');
        const late = await h.request('POST', `/appointments/${id}/confirm`, {
          body: { token: manageToken(id) },
        });
        expect(late.statusCode).toBe(409);
        expect(late.json<Problem>().type).toBe('confirmation-expired');
        // the sweep is the backstop for a lost job: it releases the second one too
        const swept = await h.get(HousekeepingProcessor).run();
        expect(swept.expired).toBe(1);
      } finally {
        h.setNow(NOW);
      }
    });

    it('writes a guest booking’s expiry job in the booking’s own statement, and none for a refused or a confirmed booking', async () => {
      const location = await h.setUpLocation({ counters: 1, maxFutureBookingsPerPerson: 1 });
      const guest = { name: 'Gast Anweisung', email: 'gast-anweisung@example.org' };
      const query = jest.spyOn(h.dataSource, 'query');
      let res: Awaited<ReturnType<typeof book>>;
      let sqls: string[];
      try {
        res = await book('2026-12-02T08:00:00+01:00', { contact: guest, location });
      } finally {
        sqls = query.mock.calls.map(([sql]) => String(sql));
        query.mockRestore();
      }
      expect(res.statusCode).toBe(201);
      const id = res.json<Appointment>().id;
      // one statement books and writes the job: no other one touches outbox_jobs
      const statements = sqls.filter((sql) => /book_appointment|outbox_jobs/.test(sql));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/book_appointment/);
      expect(statements[0]).toMatch(/INSERT INTO \S*outbox_jobs/);
      expect(await h.expiryJobRows(id)).toEqual([
        expect.objectContaining({
          name: 'expire',
          jobId: `expire-${id}`,
          data: { appointmentId: id },
          delayMs: 30 * 60_000,
        }),
      ]);

      const jobRows = async (): Promise<number> =>
        (await h.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${h.table('outbox_jobs')}`))[0]?.n ?? 0;
      const before = await jobRows();
      // refused in the statement: the same guest over the limit, another guest on the only counter taken
      const overLimit = await book('2026-12-02T08:15:00+01:00', { contact: guest, location });
      expect(overLimit.json<Problem>().type).toBe('booking-limit');
      const taken = await book('2026-12-02T08:00:00+01:00', {
        contact: { name: 'Gast Belegt', email: 'gast-belegt@example.org' },
        location,
      });
      expect(taken.json<Problem>().type).toBe('slot-unavailable');
      // confirmed at once: nothing to expire
      const citizen = await book('2026-12-02T08:30:00+01:00', { token: h.citizen().token, location });
      expect(citizen.statusCode).toBe(201);
      expect(await jobRows()).toBe(before);
    });

    it('expires an unconfirmed booking once: its job run again finds its inbox record', async () => {
      const location = await h.setUpLocation();
      const res = await book('2026-12-02T09:00:00+01:00', {
        contact: { name: 'Gast Einmal', email: 'gast-einmal@example.org' },
        location,
      });
      const id = res.json<Appointment>().id;
      expect(await runExpiryJob(id)).toBe('handled');
      expect(await statusOf(id)).toBe('expired');
      // the same job once more (a re-published row, a run BullMQ repeats after a crash): nothing happens
      const consumer = h.get(MessagingRuntime).jobConsumer('expiry')!;
      h.setNow(new Date(Date.parse(NOW) + 31 * 60_000));
      try {
        await expect(
          consumer.run({
            id: `expire-${id}`,
            name: 'expire',
            data: { appointmentId: id },
            attemptsMade: 0,
            opts: { attempts: 5 },
          }),
        ).resolves.toBe('duplicate');
      } finally {
        h.setNow(NOW);
      }
      expect(await statusOf(id)).toBe('expired');
      expect(await h.outbox('appointment.expired', id)).toHaveLength(1);
    });

    it('runs an expiry job an earlier version added to the queue itself once; this version’s job then finds it done', async () => {
      const location = await h.setUpLocation();
      const res = await book('2026-12-02T09:30:00+01:00', {
        contact: { name: 'Gast Früher', email: 'gast-frueher@example.org' },
        location,
      });
      const id = res.json<Appointment>().id;
      await (await h.expiryJob(id)).remove();
      h.setNow(new Date(Date.parse(NOW) + 31 * 60_000));
      try {
        // as ExpiryQueue of earlier versions added it (here due at once)
        await h.expiryQueue.add(
          'expire',
          { appointmentId: id },
          {
            jobId: `expire-${id}`,
            delay: 0,
            attempts: 5,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: 1000,
            removeOnFail: 1000,
          },
        );
        const old = await waitFor(
          async () => {
            const job = await h.expiryQueue.getJob(`expire-${id}`);
            // read again once completed: a job read before its completion has no return value
            return job && (await job.isCompleted()) ? h.expiryQueue.getJob(`expire-${id}`) : null;
          },
          { message: 'the old job run' },
        );
        expect(old.returnvalue).toBe('handled');
        expect(await statusOf(id)).toBe('expired');
        expect(await h.outbox('appointment.expired', id)).toHaveLength(1);

        // this version's job of the same booking (its row handed over again) runs as a duplicate
        await old.remove();
        await h.query(`UPDATE ${h.table('outbox_jobs')} SET published_at = NULL WHERE job_id = $1`, [
          `expire-${id}`,
        ]);
        const again = await h.expiryJob(id);
        if (await again.isDelayed()) await again.promote();
        await waitFor(async () => (await again.getState()) === 'completed', { message: 'the new job run' });
        expect((await h.expiryQueue.getJob(`expire-${id}`))?.returnvalue).toBe('duplicate');
        expect(await h.outbox('appointment.expired', id)).toHaveLength(1);
      } finally {
        h.setNow(NOW);
      }
    });

    it('answers 409 slot-unavailable when every counter is taken, or the start is no start time', async () => {
      const start = '2026-11-30T09:30:00+01:00';
      expect((await book(start, { token: h.citizen().token })).statusCode).toBe(201);
      expect((await book(start, { token: h.citizen().token })).statusCode).toBe(201);
      const third = await book(start, { token: h.citizen().token });
      expect(third.statusCode).toBe(409);
      expect(third.json<Problem>()).toMatchObject({ type: 'slot-unavailable', status: 409 });
      expect(third.headers['content-type']).toContain('application/problem+json');
      const offGrid = await book('2026-11-30T09:37:00+01:00', { token: h.citizen().token });
      expect(offGrid.json<Problem>().type).toBe('slot-unavailable');
      const closed = await book('2026-11-28T09:00:00+01:00', { token: h.citizen().token });
      expect(closed.json<Problem>().type).toBe('slot-unavailable');
    });

    it('needs a login or a contact, and valid fields', async () => {
      expect((await book(MONDAY_8)).statusCode).toBe(401);
      const invalid = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: {
          serviceId: 'x',
          locationId: loc.id,
          start: '2026-11-30 08:00',
          contact: { name: '', email: 'no' },
        },
      });
      expect(invalid.statusCode).toBe(422);
      expect(
        invalid
          .json<Problem>()
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['contact.email', 'contact.name', 'serviceId', 'start']);
      const machine = await h.request('POST', '/appointments', {
        token: h.issuer.clientToken('system-x', ['appointments:read']),
        body: { serviceId: loc.serviceId, locationId: loc.id, start: MONDAY_8 },
      });
      expect(machine.statusCode).toBe(403);
    });

    it('enforces the per-person limit per service with 409 booking-limit, for citizens and guests', async () => {
      const citizen = h.citizen();
      expect((await book('2026-12-01T08:00:00+01:00', { token: citizen.token })).statusCode).toBe(201);
      const second = await book('2026-12-02T08:00:00+01:00', { token: citizen.token });
      expect(second.statusCode).toBe(409);
      expect(second.json<Problem>().type).toBe('booking-limit');
      const contact = { name: 'Max Muster', email: 'max@example.org' };
      expect((await book('2026-12-01T08:15:00+01:00', { contact })).statusCode).toBe(201);
      expect(
        (
          await book('2026-12-01T08:30:00+01:00', { contact: { ...contact, email: 'MAX@example.org' } })
        ).json<Problem>().type,
      ).toBe('booking-limit');
    });

    it('lets one person hold only their limit when they book many times in parallel; a refusal writes nothing', async () => {
      const citizen = h.citizen();
      const starts = ['08:00', '08:15', '08:30', '08:45', '09:00', '09:15'].map(
        (time) => `2026-12-08T${time}:00+01:00`,
      );
      const answers = await Promise.all(
        starts.map((start, i) => book(start, { token: citizen.token, key: `limit-${i}-${uuidv7()}` })),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      expect(answers.filter((a) => a.statusCode === 409).map((a) => a.json<Problem>().type)).toEqual(
        Array(5).fill('booking-limit'),
      );
      const [row] = await h.query<{
        appointments: number;
        keys: number;
        audited: number;
      }>(
        `SELECT (SELECT count(*)::int FROM ${h.table('appointments')} WHERE user_id = $1) AS appointments,
                (SELECT count(*)::int FROM ${h.table('idempotency_keys')} WHERE caller = $2) AS keys,
                (SELECT count(*)::int FROM ${h.table('audit_log')}
                  WHERE action = 'appointment.booked' AND actor_id = $1::text) AS audited`,
        [citizen.id, `user:${citizen.id}`],
      );
      const { appointments, keys, audited } = defined(row, 'the counts');
      expect({ appointments, keys, audited }).toEqual({ appointments: 1, keys: 1, audited: 1 });
      // the booking function writes the entry with the role the person booked in (one audit table shape)
      const roles = await h.query<{ actor_role: string | null }>(
        `SELECT actor_role FROM ${h.table('audit_log')} WHERE action = 'appointment.booked' AND actor_id = $1::text`,
        [citizen.id],
      );
      expect(roles).toEqual([{ actor_role: 'citizen' }]);
    });

    it('gets a refusal as the booking function’s answer, not as an error, with the claimed key gone', async () => {
      const caller = `test:${uuidv7()}`;
      const call = (maxHeld: number, counters: string[], key: string) =>
        h.query<{ result: unknown }>(
          `SELECT ${h.table('book_appointment')}($1, $2::uuid[], $3, now(), '{}', '{}', $4) AS result`,
          [
            JSON.stringify({
              id: uuidv7(),
              personKey: `person-${caller}`,
              serviceId: uuidv7(),
              startAt: '2026-12-08T08:00:00Z',
              endAt: '2026-12-08T08:15:00Z',
            }),
            counters,
            maxHeld,
            JSON.stringify({ caller, key, requestHash: 'h', staleBefore: '2000-01-01T00:00:00Z' }),
          ],
        );
      // the person's limit (0 held, 0 allowed), and no counter to book on
      expect(await call(0, [uuidv7()], 'limit')).toEqual([
        { result: { outcome: 'refused', reason: 'booking-limit' } },
      ]);
      expect(await call(5, [], 'none-free')).toEqual([
        { result: { outcome: 'refused', reason: 'slot-unavailable' } },
      ]);
      const [row] = await h.query<{ keys: number }>(
        `SELECT count(*)::int AS keys FROM ${h.table('idempotency_keys')} WHERE caller = $1`,
        [caller],
      );
      expect(row).toEqual({ keys: 0 });

      // the migration going down gives back the function that raised its refusals, and up again
      const migration = new BookingRefusalsAsResults1766700000000();
      const runner = h.dataSource.createQueryRunner();
      try {
        await migration.down(runner);
        await expect(call(0, [uuidv7()], 'raised')).rejects.toThrow('booking-limit');
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await call(0, [uuidv7()], 'again')).toEqual([
        { result: { outcome: 'refused', reason: 'booking-limit' } },
      ]);
    });

    it('honours Idempotency-Key: the same request returns the first answer, once', async () => {
      const citizen = h.citizen();
      const key = `key-${uuidv7()}`;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => book('2026-12-03T08:00:00+01:00', { token: citizen.token, key })),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
      const ids = new Set(answers.map((a) => a.json<Appointment>().id));
      expect(ids.size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
      const [row] = await h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${h.table('appointments')} WHERE user_id = $1`,
        [citizen.id],
      );
      const { n } = defined(row, 'the count');
      expect(n).toBe(1);
      const later = await book('2026-12-03T08:00:00+01:00', { token: citizen.token, key });
      expect(later.json<Appointment>().id).toEqual([...ids][0]);
      const different = await book('2026-12-03T08:15:00+01:00', { token: citizen.token, key });
      expect(different.statusCode).toBe(422);
      expect(different.json<Problem>().type).toBe('idempotency-key-reused');
      const tooLong = await book('2026-12-03T08:15:00+01:00', { token: citizen.token, key: 'k'.repeat(256) });
      expect(tooLong.json<Problem>().errors?.[0]?.field).toBe('Idempotency-Key');
    });
  });

  describe('reading, cancelling and moving', () => {
    let owner: { id: string; token: string };
    let appointment: Appointment;

    beforeAll(async () => {
      owner = h.citizen();
      const res = await book('2026-12-04T10:00:00+01:00', { token: owner.token });
      expect(res.statusCode).toBe(201);
      appointment = res.json<Appointment>();
    });

    it('shows the appointment to its owner, staff (audited) and the token holder; 404 to anyone else, 401 without credentials', async () => {
      const own = await h.request('GET', `/appointments/${appointment.id}`, { token: owner.token });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({
        id: appointment.id,
        locationAddress: 'Rathausplatz 2, 73728 Esslingen am Neckar',
      });
      expect(
        (await h.request('GET', `/appointments/${appointment.id}`, { token: h.citizen().token })).statusCode,
      ).toBe(404);
      // without any credentials: 401 (API.md: not logged in)
      expect((await h.request('GET', `/appointments/${appointment.id}`)).statusCode).toBe(401);
      expect(
        (await h.request('GET', `/appointments/${appointment.id}?token=${manageToken(appointment.id)}`))
          .statusCode,
      ).toBe(200);
      expect(
        (await h.request('GET', `/appointments/${appointment.id}?token=${manageToken(uuidv7())}`)).statusCode,
      ).toBe(404);
      const clerk = h.staff('clerk', [loc.id]);
      expect(
        (await h.request('GET', `/appointments/${appointment.id}`, { token: clerk.token })).statusCode,
      ).toBe(200);
      const audit = await h.query<{ action: string; actor_id: string }>(
        `SELECT action, actor_id FROM ${h.table('audit_log')} WHERE target_id = $1 AND action = 'appointment.read'`,
        [appointment.id],
      );
      expect(audit).toEqual([{ action: 'appointment.read', actor_id: clerk.id }]);
      const elsewhere = h.staff('clerk', [uuidv7()]);
      expect(
        (await h.request('GET', `/appointments/${appointment.id}`, { token: elsewhere.token })).statusCode,
      ).toBe(403);
      expect((await h.request('GET', '/appointments/not-a-uuid', { token: owner.token })).statusCode).toBe(
        404,
      );
    });

    it('lists only the citizen’s own appointments, with a cursor', async () => {
      const list = await h.request('GET', '/appointments?limit=1', { token: owner.token });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({
        items: [expect.objectContaining({ id: appointment.id })],
        nextCursor: null,
      });
      expect((await h.request('GET', '/appointments', { token: h.staff().token })).statusCode).toBe(403);
      expect((await h.request('GET', '/appointments')).statusCode).toBe(401);
    });

    it('serves an RFC 5545 calendar entry with UID, DTSTART/DTEND, location and summary', async () => {
      const res = await h.request('GET', `/appointments/${appointment.id}/ics`, { token: owner.token });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const vevent = new ICAL.Component(ICAL.parse(res.body)).getFirstSubcomponent('vevent')!;
      expect(vevent.getFirstPropertyValue('uid')).toBe(`${appointment.id}@buergeramt.example`);
      expect(String(vevent.getFirstPropertyValue('dtstart'))).toBe('2026-12-04T09:00:00Z');
      expect(String(vevent.getFirstPropertyValue('dtend'))).toBe('2026-12-04T09:15:00Z');
      expect(vevent.getFirstPropertyValue('location')).toContain('Rathausplatz 2, 73728 Esslingen am Neckar');
      expect(vevent.getFirstPropertyValue('summary')).toBe('Termin im Bürgeramt');
      expect(
        (await h.request('GET', `/appointments/${appointment.id}/ics`, { token: h.citizen().token }))
          .statusCode,
      ).toBe(404);
    });

    it('moves atomically: a taken time answers 409 and keeps the old one; a free one moves it', async () => {
      const taken = '2026-12-04T11:00:00+01:00';
      expect((await book(taken, { token: h.citizen().token })).statusCode).toBe(201);
      expect((await book(taken, { token: h.citizen().token })).statusCode).toBe(201);
      const refused = await h.request('POST', `/appointments/${appointment.id}/reschedule`, {
        token: owner.token,
        body: { start: taken },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Problem>().type).toBe('slot-unavailable');
      const kept = await h.request('GET', `/appointments/${appointment.id}`, { token: owner.token });
      expect(kept.json<Appointment>().start).toBe('2026-12-04T10:00:00.000+01:00');

      const moved = await h.request(
        'POST',
        `/appointments/${appointment.id}/reschedule?token=${manageToken(appointment.id)}`,
        {
          body: { start: '2026-12-04T10:15:00+01:00' },
        },
      );
      expect(moved.statusCode).toBe(200);
      expect(moved.json<Appointment>().start).toBe('2026-12-04T10:15:00.000+01:00');
      const [event] = await h.outbox('appointment.rescheduled', appointment.id);
      expect(event?.data).toMatchObject({
        start: '2026-12-04T10:15:00.000+01:00',
        previousStart: '2026-12-04T10:00:00.000+01:00',
        previousEnd: '2026-12-04T10:15:00.000+01:00',
        userId: owner.id,
      });
      const other = await h.request('POST', `/appointments/${appointment.id}/reschedule`, {
        token: h.citizen().token,
        body: { start: '2026-12-04T10:30:00+01:00' },
      });
      expect(other.statusCode).toBe(404);
      expect(await overlappingPairs(h)).toBe(0);
    });

    it('cancels for the owner, staff and the token holder, freeing the slot at once', async () => {
      const slot = '2026-12-04T10:15:00.000+01:00';
      const stranger = await h.request('DELETE', `/appointments/${appointment.id}`, {
        token: h.citizen().token,
      });
      expect(stranger.statusCode).toBe(404);
      const res = await h.request('DELETE', `/appointments/${appointment.id}`, { token: owner.token });
      expect(res.statusCode).toBe(204);
      const [cancelled] = await h.outbox('appointment.cancelled', appointment.id);
      expect(cancelled?.data).toMatchObject({
        cancelledBy: 'owner',
        appointmentId: appointment.id,
        userId: owner.id,
        locationName: expect.any(String),
        locationAddress: expect.any(String),
      });
      // written by the same statement as the change: the audit entry
      const audit = await h.query<{ actor_id: string; actor_role: string; details: Record<string, unknown> }>(
        `SELECT actor_id, actor_role, details FROM ${h.table('audit_log')}
          WHERE target_id = $1 AND action = 'appointment.cancelled'`,
        [appointment.id],
      );
      expect(audit).toEqual([
        { actor_id: owner.id, actor_role: 'citizen', details: { cancelledBy: 'owner', locationId: loc.id } },
      ]);
      const again = await h.request('DELETE', `/appointments/${appointment.id}`, { token: owner.token });
      expect(again.json<Problem>().type).toBe('appointment-not-active');
      const free = await h.slots(loc.serviceId, loc.id, '2026-12-04', '2026-12-04');
      expect(free.map((s) => s.start)).toContain(slot);
      // the limit counts open appointments only: the owner may book again
      const rebooked = await book('2026-12-04T10:15:00+01:00', { token: owner.token });
      expect(rebooked.statusCode).toBe(201);

      const staffCancel = await h.request('DELETE', `/appointments/${rebooked.json<Appointment>().id}`, {
        token: h.staff('supervisor').token,
      });
      expect(staffCancel.statusCode).toBe(204);
      expect(
        (await h.outbox('appointment.cancelled', rebooked.json<Appointment>().id))[0]?.data.cancelledBy,
      ).toBe('staff');

      const guest = await book('2026-12-04T10:30:00+01:00', {
        contact: { name: 'Gast', email: 'gast-cancel@example.org' },
      });
      const id = guest.json<Appointment>().id;
      expect((await h.request('DELETE', `/appointments/${id}?token=${manageToken(id)}`)).statusCode).toBe(
        204,
      );
      // the cancel removes no job: when it runs after the confirmation time, it does nothing
      await runExpiryJob(id);
      expect(await statusOf(id)).toBe('cancelled');
      expect(await h.outbox('appointment.expired', id)).toEqual([]);
    });
  });

  describe('identity.account-deleted', () => {
    it('cancels the person’s future appointments and anonymises the past ones', async () => {
      const location = await h.setUpLocation({ maxFutureBookingsPerPerson: 5 });
      const citizen = h.citizen();
      const contact = { name: 'Karl Klammer', email: 'karl@example.org' };
      const past = await book('2026-11-30T08:00:00+01:00', { token: citizen.token, contact, location });
      const future = await book('2026-12-07T08:00:00+01:00', { token: citizen.token, contact, location });
      expect([past.statusCode, future.statusCode]).toEqual([201, 201]);
      h.setNow('2026-12-02T10:00:00Z');
      try {
        await h.deliver('identity.account-deleted', citizen.id, { userId: citizen.id });
        const rows = await h.query<{
          id: string;
          status: string;
          user_id: string | null;
          contact_email: string | null;
          person_key: string | null;
        }>(
          `SELECT id, status, user_id, contact_email, person_key FROM ${h.table('appointments')} WHERE id = ANY ($1) ORDER BY start_at`,
          [[past.json<Appointment>().id, future.json<Appointment>().id]],
        );
        expect(rows).toEqual([
          {
            id: past.json<Appointment>().id,
            status: 'confirmed',
            user_id: null,
            contact_email: null,
            person_key: null,
          },
          {
            id: future.json<Appointment>().id,
            status: 'cancelled',
            user_id: null,
            contact_email: null,
            person_key: null,
          },
        ]);
        const [event] = await h.outbox('appointment.cancelled', future.json<Appointment>().id);
        expect(event?.data).toMatchObject({ cancelledBy: 'system', userId: citizen.id, contact: null });
        expect(await h.outbox('appointment.cancelled', past.json<Appointment>().id)).toEqual([]);
      } finally {
        h.setNow(NOW);
      }
    });
  });

  describe('a rush on few slots', () => {
    it('gives 200 parallel requests for 20 free slots exactly 20 bookings, no overlap, only 201 or 409', async () => {
      const rush = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '10:30']] }); // 10 starts × 2 counters
      const starts = (await h.slots(rush.serviceId, rush.id, '2026-11-30', '2026-11-30')).map((s) => s.start);
      expect(starts).toHaveLength(10);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          book(defined(starts[i % starts.length], 'a slot'), { token: h.citizen().token, location: rush }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.filter((s) => s === 409)).toHaveLength(180);
      expect(
        answers
          .filter((a) => a.statusCode === 409)
          .every((a) => a.json<Problem>().type === 'slot-unavailable'),
      ).toBe(true);
      const [row] = await h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${h.table('appointments')} WHERE location_id = $1 AND status = 'confirmed'`,
        [rush.id],
      );
      const { n } = defined(row, 'the count');
      expect(n).toBe(20);
      expect(await overlappingPairs(h)).toBe(0);
      expect(await h.slots(rush.serviceId, rush.id, '2026-11-30', '2026-11-30')).toEqual([]);
    });
  });
});
