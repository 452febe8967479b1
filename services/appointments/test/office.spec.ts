import type { AddressInfo } from 'node:net';
import { defined, waitFor } from '@buergeramt/testing';
import { HousekeepingProcessor } from '../src/housekeeping/housekeeping.processor';
import { DisplayClient } from './support/display-client';
import { Harness, type SetUpLocation } from './support/harness';

interface Ticket {
  id: string;
  number: string;
  status: string;
  kind: string;
  position: number | null;
  estimatedWaitMinutes: number | null;
  counter: string | null;
  appointmentId: string | null;
}

interface Problem {
  type: string;
  errors?: { field: string; message: string }[];
}

const DAY = '2026-11-30'; // a Monday
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;

describe('the day at the office (real Postgres and Redis)', () => {
  let h: Harness;
  let loc: SetUpLocation;
  let port: number;
  const clerk = (): string => h.staff('clerk', [loc.id]).token;
  const appointments: Record<string, string> = {};
  const tickets: Record<string, Ticket> = {};
  const ticketOf = (name: string): Ticket => defined(tickets[name], `ticket ${name}`);

  const callNext = (counter: number) =>
    h.request('POST', `/locations/${loc.id}/counters/${loc.counterIds[counter]}/call-next`, {
      token: clerk(),
    });
  const act = (ticket: string, action: string) =>
    h.request('POST', `/tickets/${ticketOf(ticket).id}/${action}`, { token: clerk() });

  beforeAll(async () => {
    h = await Harness.boot({ DISPLAY_HEARTBEAT_SECONDS: '1', NO_SHOW_GRACE_MINUTES: '10' });
    await h.service.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.service.app.getHttpServer().address() as AddressInfo).port;
    h.setNow('2026-11-25T10:00:00Z');
    loc = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '16:00']], durationMinutes: 15 });
    for (const [name, start] of [
      ['missed', '08:00'],
      ['due', '09:00'],
      ['early', '11:00'],
      ['forgotten', '11:15'],
    ] as const) {
      const res = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: {
          serviceId: loc.serviceId,
          locationId: loc.id,
          start: at(start),
          contact: { name: `Person ${name}`, email: `${name}@example.org` },
        },
      });
      expect(res.statusCode).toBe(201);
      appointments[name] = res.json<{ id: string }>().id;
    }
    // a booking for another day
    const later = await h.request('POST', '/appointments', {
      token: h.citizen().token,
      body: { serviceId: loc.serviceId, locationId: loc.id, start: '2026-12-07T09:00:00+01:00' },
    });
    appointments.later = later.json<{ id: string }>().id;
    h.setNow(at('09:30'));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('checks in an appointment of today, once, for staff of the location only', async () => {
    const res = await h.request('POST', '/tickets', {
      token: clerk(),
      body: { appointmentId: appointments.due },
    });
    expect(res.statusCode).toBe(201);
    tickets.due = res.json<Ticket>();
    expect(tickets.due).toMatchObject({
      number: 'T001',
      status: 'waiting',
      kind: 'appointment',
      position: 1,
      estimatedWaitMinutes: 0,
    });
    const twice = await h.request('POST', '/tickets', {
      token: clerk(),
      body: { appointmentId: appointments.due },
    });
    expect(twice.json<Problem>().type).toBe('already-checked-in');
    const otherDay = await h.request('POST', '/tickets', {
      token: clerk(),
      body: { appointmentId: appointments.later },
    });
    expect(otherDay.json<Problem>().type).toBe('not-today');
    expect(
      (await h.request('POST', '/tickets', { body: { appointmentId: appointments.early } })).statusCode,
    ).toBe(401);
    expect(
      (
        await h.request('POST', '/tickets', {
          token: h.citizen().token,
          body: { appointmentId: appointments.early },
        })
      ).statusCode,
    ).toBe(403);
    const elsewhere = await h.request('POST', '/tickets', {
      token: h.staff('clerk', [defined(appointments.later, 'the later appointment')]).token,
      body: { appointmentId: appointments.early },
    });
    expect(elsewhere.json<Problem>().type).toBe('location-not-assigned');
    expect((await h.request('POST', '/tickets', { token: clerk(), body: {} })).statusCode).toBe(422);
    // an appointment id beside walk-in fields is checked too (it used to reach Postgres unchecked: 500)
    for (const appointmentId of [12345, 'not-a-uuid', 'x'.repeat(500)]) {
      const mixed = await h.request('POST', '/tickets', {
        token: clerk(),
        body: { appointmentId, locationId: loc.id, serviceId: loc.serviceId },
      });
      expect(mixed.statusCode).toBe(422);
      expect(mixed.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'appointmentId' })]);
    }
    const badWalkIn = await h.request('POST', '/tickets', {
      token: clerk(),
      body: { appointmentId: appointments.early, locationId: 'nowhere', serviceId: 7 },
    });
    expect(badWalkIn.statusCode).toBe(422);
    expect(
      badWalkIn
        .json<Problem>()
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['locationId', 'serviceId']);
  });

  it('draws walk-in tickets with numbers, places and an estimated wait', async () => {
    const first = await h.request('POST', '/tickets', {
      token: clerk(),
      body: { locationId: loc.id, serviceId: loc.serviceId },
    });
    expect(first.statusCode).toBe(201);
    tickets.walk1 = first.json<Ticket>();
    expect(tickets.walk1).toMatchObject({ number: 'A001', kind: 'walk_in', status: 'waiting', position: 2 });
    tickets.walk2 = (
      await h.request('POST', '/tickets', {
        token: clerk(),
        body: { locationId: loc.id, serviceId: loc.serviceId },
      })
    ).json<Ticket>();
    expect(tickets.walk2).toMatchObject({ number: 'A002', position: 3 });
    // planned 15 minutes each, two counters, two ahead: 15 minutes
    expect(tickets.walk2.estimatedWaitMinutes).toBe(15);
    tickets.early = (
      await h.request('POST', '/tickets', { token: clerk(), body: { appointmentId: appointments.early } })
    ).json<Ticket>();
    expect(tickets.early).toMatchObject({ number: 'T002', position: 4 });
  });

  it('answers the public queue summary', async () => {
    const res = await h.request('GET', `/locations/${loc.id}/queue`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      waiting: 4,
      estimatedWaitMinutes: 30,
      walkInsEnabled: true,
      services: [{ serviceId: loc.serviceId, name: null, waiting: 4, estimatedWaitMinutes: 30 }],
      lastCalled: [],
    });
  });

  it('streams calls to the display, calls due appointments first, then walk-ins, never one ticket twice', async () => {
    const screen = await DisplayClient.open(port, loc.id);
    expect(screen.contentType).toBe('text/event-stream; charset=utf-8');
    const [a, b] = await Promise.all([callNext(0), callNext(1)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const called = [a.json<Ticket>(), b.json<Ticket>()];
    expect(called.map((t) => t.number).sort()).toEqual(['A001', 'T001']);
    expect(new Set(called.map((t) => t.counter))).toEqual(new Set(['Schalter 1', 'Schalter 2']));
    tickets.due = called.find((t) => t.number === 'T001')!;
    tickets.walk1 = called.find((t) => t.number === 'A001')!;
    await waitFor(() => screen.calls().length === 2, { message: 'two calls on the display' });
    expect(
      screen
        .calls()
        .map((c) => c.number)
        .sort(),
    ).toEqual(['A001', 'T001']);
    screen.close();

    // a screen that reconnects gets what it missed, nothing twice
    const lastId = defined(screen.calls()[1], 'the second call').id;
    const next = await callNext(0);
    expect(next.json<Ticket>().number).toBe('A002'); // walk-ins before appointments that are not due yet
    tickets.walk2 = next.json<Ticket>();
    const resumed = await DisplayClient.open(port, loc.id, lastId);
    await waitFor(() => resumed.calls().length === 1, { message: 'the missed call after reconnect' });
    expect(resumed.calls()[0]).toMatchObject({ number: 'A002', counter: 'Schalter 1', recall: false });
    await waitFor(() => resumed.text.includes(': heartbeat'), { timeoutMs: 3000, message: 'a heartbeat' });
    const last = await callNext(1);
    expect(last.json<Ticket>().number).toBe('T002');
    tickets.early = last.json<Ticket>();
    await waitFor(() => resumed.calls().length === 2, { message: 'a live call' });
    expect((await callNext(1)).statusCode).toBe(204);
    resumed.close();
  });

  it('runs the ticket lifecycle and publishes appointment.completed and appointment.no-show', async () => {
    h.setNow(at('09:32'));
    expect((await act('due', 'start')).json<Ticket>().status).toBe('in_service');
    h.setNow(at('09:44'));
    const done = await act('due', 'complete');
    expect(done.json<Ticket>()).toMatchObject({ status: 'completed', counter: expect.any(String) });
    const [completed] = await h.outbox('appointment.completed', appointments.due);
    expect(completed?.data).toMatchObject({
      appointmentId: appointments.due,
      completedAt: new Date(at('09:44')).toISOString(),
    });
    expect((await act('due', 'start')).json<Problem>().type).toBe('ticket-state');

    expect((await act('walk1', 'start')).statusCode).toBe(200);
    h.setNow(at('09:52'));
    expect((await act('walk1', 'complete')).statusCode).toBe(200);
    // both served tickets are announced with their times and without the person
    const served = await h.outbox('ticket.completed');
    expect(served.map((e) => e.data)).toEqual([
      expect.objectContaining({
        ticketId: ticketOf('due').id,
        kind: 'appointment',
        calledAt: expect.any(String),
        completedAt: new Date(at('09:44')).toISOString(),
        serviceMinutes: 12,
      }),
      expect.objectContaining({
        ticketId: ticketOf('walk1').id,
        locationId: loc.id,
        serviceId: loc.serviceId,
        kind: 'walk_in',
        completedAt: new Date(at('09:52')).toISOString(),
        serviceMinutes: 8,
      }),
    ]);
    for (const event of served) {
      const d = event.data;
      expect(d.waitMinutes).toBeGreaterThanOrEqual(0);
      expect(Object.keys(d).sort()).toEqual([
        'arrivedAt',
        'calledAt',
        'completedAt',
        'kind',
        'locationId',
        'serviceId',
        'serviceMinutes',
        'ticketId',
        'waitMinutes',
      ]);
    }

    const recalled = await act('walk2', 'recall');
    expect(recalled.statusCode).toBe(200);
    const calls = await h.query<{ number: string; recall: boolean }>(
      `SELECT number, recall FROM ${h.table('calls')} WHERE ticket_id = $1 ORDER BY id`,
      [ticketOf('walk2').id],
    );
    expect(calls).toEqual([
      { number: 'A002', recall: false },
      { number: 'A002', recall: true },
    ]);

    const noShow = await act('early', 'no-show');
    expect(noShow.json<Ticket>().status).toBe('no_show');
    expect(await h.outbox('appointment.no-show', appointments.early)).toHaveLength(1);
  });

  it('lists the last calls with the ids the display stream resumes after (a screen loads, then listens)', async () => {
    const queue = await h.request('GET', `/locations/${loc.id}/queue`);
    const { lastCalled } = queue.json<{
      lastCalled: { id: string; number: string; counter: string; recall: boolean; calledAt: string }[];
    }>();
    // newest first, the recall marked as such
    expect(lastCalled.map((c) => [c.number, c.recall])).toEqual([
      ['A002', true],
      ['T002', false],
      ['A002', false],
      expect.any(Array),
      expect.any(Array),
    ]);
    expect(lastCalled[0]).toMatchObject({ counter: expect.any(String), calledAt: expect.any(String) });
    // the same calls and ids as the stream's own start, so a screen showing them resumes after the newest
    const fresh = await DisplayClient.open(port, loc.id);
    await waitFor(() => fresh.calls().length === 5, { message: 'the last five calls' });
    expect(fresh.calls().map((c) => c.id)).toEqual(lastCalled.map((c) => c.id).reverse());
    fresh.close();
    const resumed = await DisplayClient.open(
      port,
      loc.id,
      defined(lastCalled[1], 'the second newest call').id,
    );
    await waitFor(() => resumed.calls().length === 1, { message: 'the call after the second newest' });
    await waitFor(() => resumed.text.includes(': heartbeat'), { timeoutMs: 3000, message: 'a heartbeat' });
    expect(resumed.calls()).toEqual([expect.objectContaining({ id: lastCalled[0]?.id, recall: true })]);
    resumed.close();
  });

  it('estimates the wait from today’s real service times', async () => {
    // served today: T001 09:32–09:44 (12 min) and A001 09:44–09:52 (8 min) → mean 10; two counters calling
    await h.request('POST', '/tickets', {
      token: clerk(),
      body: { locationId: loc.id, serviceId: loc.serviceId },
    });
    await h.request('POST', '/tickets', {
      token: clerk(),
      body: { locationId: loc.id, serviceId: loc.serviceId },
    });
    const queue = await h.request('GET', `/locations/${loc.id}/queue`);
    expect(queue.json()).toMatchObject({
      waiting: 2,
      estimatedWaitMinutes: 10, // 2 people × 10 min / 2 counters
      lastCalled: expect.arrayContaining([
        expect.objectContaining({ number: 'A002', counter: 'Schalter 1' }),
      ]),
    });
  });

  it('marks no-shows automatically after the grace period', async () => {
    h.setNow(at('10:10')); // A002 was last called at 09:52: more than 10 minutes ago
    const result = await h.get(HousekeepingProcessor).run();
    expect(result.noShows).toBe(2); // A002, and the 08:00 appointment nobody checked in for
    const [walk2] = await h.query<{ status: string }>(
      `SELECT status FROM ${h.table('tickets')} WHERE id = $1`,
      [ticketOf('walk2').id],
    );
    expect(walk2?.status).toBe('no_show');
    expect(await h.outbox('appointment.no-show', appointments.missed)).toHaveLength(1);
    expect((await h.get(HousekeepingProcessor).run()).noShows).toBe(0);
  });

  it('shows the agenda of the day to staff, and records that read', async () => {
    const staff = h.staff('clerk', [loc.id]);
    const res = await h.request('GET', `/locations/${loc.id}/agenda?date=${DAY}`, { token: staff.token });
    expect(res.statusCode).toBe(200);
    const agenda = res.json<{ date: string; appointments: Record<string, unknown>[]; tickets: Ticket[] }>();
    expect(agenda.date).toBe(DAY);
    expect(agenda.appointments.map((a) => [a.status, a.ticketNumber])).toEqual([
      ['no_show', null],
      ['completed', 'T001'],
      ['no_show', 'T002'],
      ['confirmed', null],
    ]);
    expect(agenda.appointments[1]).toMatchObject({
      contact: { name: 'Person due', email: 'due@example.org', phone: null },
    });
    expect(agenda.tickets.map((t) => t.number)).toEqual(['T001', 'A001', 'A002', 'T002', 'A003', 'A004']);
    const [audit] = await h.query<{ actor_id: string }>(
      `SELECT actor_id FROM ${h.table('audit_log')} WHERE action = 'agenda.read' AND target_id = $1`,
      [loc.id],
    );
    expect(audit?.actor_id).toBe(staff.id);
    expect(
      (await h.request('GET', `/locations/${loc.id}/agenda`, { token: h.citizen().token })).statusCode,
    ).toBe(403);
  });

  it('takes walk-ins only while open and while the day has capacity', async () => {
    const small = await h.setUpLocation({ counters: 1, hours: [[1, '10:00', '11:00']], minLeadMinutes: 0 });
    const token = h.staff('clerk', [small.id]).token;
    const walkIn = () =>
      h.request('POST', '/tickets', { token, body: { locationId: small.id, serviceId: small.serviceId } });
    h.setNow(at('09:00'));
    expect((await walkIn()).json<Problem>().type).toBe('location-closed');
    h.setNow(at('10:20'));
    const booked: { id: string; token: string }[] = [];
    for (const start of ['10:30', '10:45']) {
      const citizen = h.citizen();
      const res = await h.request('POST', '/appointments', {
        token: citizen.token,
        body: { serviceId: small.serviceId, locationId: small.id, start: at(start) },
      });
      expect(res.statusCode).toBe(201);
      booked.push({ id: res.json<{ id: string }>().id, token: citizen.token });
    }
    // 10:20–10:30 is all that is left: too short for 15 minutes
    expect((await walkIn()).json<Problem>().type).toBe('day-full');
    const second = defined(booked[1], 'the 10:45 appointment');
    expect(
      (await h.request('DELETE', `/appointments/${second.id}`, { token: second.token })).statusCode,
    ).toBe(204);
    const ticket = await walkIn(); // 25 minutes free now
    expect(ticket.statusCode).toBe(201);
    expect(ticket.json<Ticket>().number).toBe('A001');
    expect((await walkIn()).json<Problem>().type).toBe('day-full'); // the first walk-in took 15 of them
  });

  it('checks in by the booking reference as the resident types it, only at the office it was booked for', async () => {
    const office = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '16:00']], minLeadMinutes: 0 });
    const other = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '16:00']], minLeadMinutes: 0 });
    h.setNow(at('09:00'));
    const book = async (where: SetUpLocation) => {
      const res = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: { serviceId: where.serviceId, locationId: where.id, start: at('10:00') },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string; reference: string }>();
    };
    const here = await book(office);
    const there = await book(other);
    const token = h.staff('clerk', [office.id]).token;
    const checkIn = (body: Record<string, unknown>, as = token) =>
      h.request('POST', '/tickets', { token: as, body });
    const typed = here.reference
      .slice(2)
      .toLowerCase()
      .replace(/(.{4})/, '$1 ');

    // staff of another office learn nothing about the reference
    const elsewhere = await checkIn(
      { reference: here.reference, locationId: office.id },
      h.staff('clerk', [other.id]).token,
    );
    expect(elsewhere.json<Problem>().type).toBe('location-not-assigned');
    // a reference booked at another office, or none at all: 404, nothing written
    expect((await checkIn({ reference: there.reference, locationId: office.id })).statusCode).toBe(404);
    expect((await checkIn({ reference: 'T-ZZZZZZZZ', locationId: office.id })).statusCode).toBe(404);
    const malformed = await checkIn({ reference: 'T-12', locationId: office.id });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'reference' })]);
    const withoutOffice = await checkIn({ reference: here.reference });
    expect(withoutOffice.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'locationId' })]);
    expect(
      await h.query(`SELECT 1 FROM ${h.table('tickets')} WHERE location_id = ANY ($1)`, [
        [office.id, other.id],
      ]),
    ).toHaveLength(0);

    const ticket = await checkIn({ reference: typed, locationId: office.id });
    expect(ticket.statusCode).toBe(201);
    expect(ticket.json<Ticket>()).toMatchObject({
      number: 'T001',
      kind: 'appointment',
      appointmentId: here.id,
    });
    expect((await checkIn({ reference: here.reference, locationId: office.id })).json<Problem>().type).toBe(
      'already-checked-in',
    );
    const queue = await h.request('GET', `/locations/${office.id}/queue`);
    expect(queue.json()).toMatchObject({
      waiting: 1,
      services: [{ serviceId: office.serviceId, waiting: 1, estimatedWaitMinutes: expect.any(Number) }],
    });
  });

  it("names who comes in the agenda: the contact, or the resident's account name, gone with the account", async () => {
    const office = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '16:00']], minLeadMinutes: 0 });
    h.setNow(at('08:30'));
    const resident = h.citizen();
    const profile = (givenName: string, occurredAt: string) =>
      h.deliver(
        'identity.profile-changed',
        resident.id,
        {
          userId: resident.id,
          email: 'jana@example.org',
          givenName,
          familyName: 'Neckar',
          locale: 'de',
          roles: ['citizen'],
        },
        occurredAt,
      );
    await profile('Jana', '2026-11-30T08:00:00Z');
    await profile('Janina', '2026-11-30T08:10:00Z');
    await profile('Jana', '2026-11-30T08:05:00Z'); // late and older: ignored
    for (const [start, token, contact] of [
      ['12:00', resident.token, undefined],
      ['12:15', h.staff('clerk', [office.id]).token, { name: 'Paul Plochingen', email: 'paul@example.org' }],
    ] as const) {
      const res = await h.request('POST', '/appointments', {
        token,
        body: {
          serviceId: office.serviceId,
          locationId: office.id,
          start: at(start),
          ...(contact ? { contact } : {}),
        },
      });
      expect(res.statusCode).toBe(201);
    }
    const names = async () =>
      (
        await h.request('GET', `/locations/${office.id}/agenda?date=${DAY}`, {
          token: h.staff('clerk', [office.id]).token,
        })
      )
        .json<{ appointments: { name: string | null }[] }>()
        .appointments.map((a) => a.name);
    expect(await names()).toEqual(['Janina Neckar', 'Paul Plochingen']);
    await h.deliver('identity.account-deleted', resident.id, { userId: resident.id });
    await profile('Jana', '2026-11-30T09:00:00Z'); // after the deletion: never brought back
    expect(await names()).toEqual([null, 'Paul Plochingen']);
    expect(
      await h.query(`SELECT given_name FROM ${h.table('people')} WHERE user_id = $1`, [resident.id]),
    ).toEqual([{ given_name: '' }]);
  });

  it('computes statistics from the recorded times, for supervisors', async () => {
    const res = await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}&locationId=${loc.id}`, {
      token: h.staff('supervisor').token,
    });
    expect(res.statusCode).toBe(200);
    const stats = res.json<{ totals: Record<string, unknown>; days: Record<string, unknown>[] }>();
    expect(stats.totals).toMatchObject({
      bookings: 4,
      cancellations: 0,
      noShows: 2, // the 08:00 nobody came to, and T002
      noShowRate: 0.667, // 2 of 3 appointments that came due
      walkIns: 4,
      served: 2,
      serviceMinutes: { median: 10, p90: 11.6 }, // 8 and 12 minutes
    });
    // waiting: T001 due 09:00, arrived 09:30, called 09:30 → 0; A001 arrived and called 09:30 → 0
    expect(stats.totals.waitingMinutes).toMatchObject({ median: 0 });
    // 20 service minutes of 8 h × 2 counters
    expect(stats.days[0]).toMatchObject({ date: DAY, utilisation: Math.round((20 / 960) * 1000) / 1000 });
    expect(
      (await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}`, { token: clerk() })).statusCode,
    ).toBe(403);
    expect(
      (
        await h.request('GET', `/stats/appointments?from=${DAY}&to=2028-01-01`, {
          token: h.staff('admin').token,
        })
      ).statusCode,
    ).toBe(422);
  });
});
