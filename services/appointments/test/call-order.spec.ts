import { defined } from '@buergeramt/testing';
import { Harness, type SetUpLocation } from './support/harness';

interface Ticket {
  id: string;
  number: string;
  kind: string;
  status: string;
  counter: string | null;
  position: number | null;
}

const BOOKING_NOW = '2026-11-25T10:00:00Z'; // Wednesday
const DAY = '2026-11-30'; // a Monday
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;

describe('call order, parallel calls and statistics at the office (real Postgres and Redis)', () => {
  let h: Harness;

  const clerkAt = (loc: SetUpLocation): string => h.staff('clerk', [loc.id]).token;

  const bookFor = async (loc: SetUpLocation, hhmm: string): Promise<string> => {
    h.setNow(BOOKING_NOW);
    const res = await h.request('POST', '/appointments', {
      token: h.citizen().token,
      body: { serviceId: loc.serviceId, locationId: loc.id, start: at(hhmm) },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };

  const walkIn = async (loc: SetUpLocation, hhmm: string): Promise<Ticket> => {
    h.setNow(at(hhmm));
    const res = await h.request('POST', '/tickets', {
      token: clerkAt(loc),
      body: { locationId: loc.id, serviceId: loc.serviceId },
    });
    expect(res.statusCode).toBe(201);
    return res.json<Ticket>();
  };

  const checkIn = async (loc: SetUpLocation, appointmentId: string, hhmm: string): Promise<Ticket> => {
    h.setNow(at(hhmm));
    const res = await h.request('POST', '/tickets', { token: clerkAt(loc), body: { appointmentId } });
    expect(res.statusCode).toBe(201);
    return res.json<Ticket>();
  };

  const callNext = (loc: SetUpLocation, counter: number) =>
    h.request('POST', `/locations/${loc.id}/counters/${loc.counterIds[counter]}/call-next`, {
      token: clerkAt(loc),
    });

  const complete = async (loc: SetUpLocation, ticket: Ticket, hhmm: string): Promise<void> => {
    h.setNow(at(hhmm));
    const res = await h.request('POST', `/tickets/${ticket.id}/complete`, { token: clerkAt(loc) });
    expect(res.statusCode).toBe(200);
  };

  beforeAll(async () => {
    h = await Harness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('call-next order', () => {
    it('keeps an appointment that is not due behind walk-ins, and calls it first once due', async () => {
      h.setNow(BOOKING_NOW);
      const loc = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '16:00']] });
      const appointmentId = await bookFor(loc, '09:30');
      const first = await walkIn(loc, '09:00');
      const second = await walkIn(loc, '09:02');
      const appointment = await checkIn(loc, appointmentId, '09:05'); // early: due at 09:30
      expect(appointment).toMatchObject({ number: 'T001', kind: 'appointment', position: 3 });

      h.setNow(at('09:10'));
      const early = await callNext(loc, 0);
      expect(early.statusCode).toBe(200);
      expect(early.json<Ticket>().id).toBe(first.id);

      // 09:31: the appointment is due and goes ahead of the walk-in who came before it
      h.setNow(at('09:31'));
      const queue = await h.request('GET', `/locations/${loc.id}/agenda?date=${DAY}`, {
        token: clerkAt(loc),
      });
      const waiting = queue.json<{ tickets: Ticket[] }>().tickets.filter((t) => t.status === 'waiting');
      expect(Object.fromEntries(waiting.map((t) => [t.number, t.position]))).toEqual({ T001: 1, A002: 2 });
      const due = await callNext(loc, 1);
      expect(due.statusCode).toBe(200);
      expect(due.json<Ticket>()).toMatchObject({ id: appointment.id, counter: 'Schalter 2' });
      const next = await callNext(loc, 1);
      expect(next.json<Ticket>().id).toBe(second.id);
      expect((await callNext(loc, 0)).statusCode).toBe(204);
    });

    it('calls due appointments by their time, before walk-ins, then early appointments', async () => {
      h.setNow(BOOKING_NOW);
      const loc = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '16:00']] });
      const nine = await bookFor(loc, '09:00');
      const nineFifteen = await bookFor(loc, '09:15');
      const eleven = await bookFor(loc, '11:00');
      const late = await checkIn(loc, nineFifteen, '08:40');
      const lateWalkIn = await walkIn(loc, '08:45');
      const earlier = await checkIn(loc, nine, '08:50');
      const notDue = await checkIn(loc, eleven, '08:55');
      h.setNow(at('09:20'));
      const order: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await callNext(loc, 0);
        if (res.statusCode === 204) break;
        order.push(res.json<Ticket>().id);
      }
      expect(order).toEqual([earlier.id, late.id, lateWalkIn.id, notDue.id]);
    });
  });

  describe('parallel call-next', () => {
    it('never hands out one ticket twice: 6 parallel calls on 3 counters, then the rest', async () => {
      h.setNow(BOOKING_NOW);
      const loc = await h.setUpLocation({ counters: 3, hours: [[1, '08:00', '16:00']] });
      const drawn: Ticket[] = [];
      for (let i = 0; i < 8; i += 1) drawn.push(await walkIn(loc, '10:00'));
      h.setNow(at('10:05'));
      const calls = await Promise.all([0, 1, 2, 0, 1, 2].map((counter) => callNext(loc, counter)));
      expect(calls.map((c) => c.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      const called = calls.map((c) => c.json<Ticket>());
      expect(new Set(called.map((t) => t.id)).size).toBe(6);
      // the six first in line, each at the counter that called it
      expect(called.map((t) => t.number).sort()).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006']);
      called.forEach((t, i) => expect(t.counter).toBe(`Schalter ${[1, 2, 3, 1, 2, 3][i]}`));

      const rest = await Promise.all([0, 1, 2].map((counter) => callNext(loc, counter)));
      expect(rest.map((c) => c.statusCode).sort()).toEqual([200, 200, 204]);
      const all = [...called, ...rest.filter((r) => r.statusCode === 200).map((r) => r.json<Ticket>())];
      expect(new Set(all.map((t) => t.id))).toEqual(new Set(drawn.map((t) => t.id)));

      const rows = await h.query<{ ticket_id: string; n: number }>(
        `SELECT ticket_id, count(*)::int AS n FROM ${h.table('calls')} WHERE location_id = $1 GROUP BY ticket_id`,
        [loc.id],
      );
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const [row] = await h.query<{ waiting: number }>(
        `SELECT count(*) FILTER (WHERE status = 'waiting')::int AS waiting FROM ${h.table('tickets')} WHERE location_id = $1`,
        [loc.id],
      );
      const { waiting } = defined(row, 'the count');
      expect(waiting).toBe(0);
    });
  });

  describe('statistics of one location', () => {
    let loc: SetUpLocation;
    let other: SetUpLocation;

    beforeAll(async () => {
      h.setNow(BOOKING_NOW);
      loc = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '16:00']] });
      other = await h.setUpLocation({ counters: 1, hours: [[1, '08:00', '16:00']] });
      const admin = h.staff('admin');
      // one booking kept, one cancelled at the location; two cancelled elsewhere
      const kept = await bookFor(loc, '10:00');
      const cancelled = [
        await bookFor(loc, '12:00'),
        await bookFor(other, '12:00'),
        await bookFor(other, '12:15'),
      ];
      for (const id of cancelled) {
        h.setNow(BOOKING_NOW);
        expect((await h.request('DELETE', `/appointments/${id}`, { token: admin.token })).statusCode).toBe(
          204,
        );
      }

      // five walk-ins arriving at 09:00, called every ten minutes, each served for five minutes:
      // waits 0, 10, 20, 30, 40
      const walkIns: Ticket[] = [];
      for (let i = 0; i < 5; i += 1) walkIns.push(await walkIn(loc, '09:00'));
      for (const [i, ticket] of walkIns.entries()) {
        const minute = 10 * i;
        h.setNow(new Date(Date.parse(at('09:00')) + minute * 60_000));
        const call = await callNext(loc, 0);
        expect(call.json<Ticket>().id).toBe(ticket.id);
        await complete(loc, ticket, `09:${String(minute + 5).padStart(2, '0')}`);
      }
      // the appointment of 10:00 checked in early at 09:50, called at 10:05: it waited 5 minutes (from its
      // time, not from its arrival), served until 10:17
      const ticket = await checkIn(loc, kept, '09:50');
      h.setNow(at('10:05'));
      expect((await callNext(loc, 0)).json<Ticket>().id).toBe(ticket.id);
      await complete(loc, ticket, '10:17');
    });

    it('counts cancellations at the location asked for, on the appointment’s day', async () => {
      const supervisor = h.staff('supervisor', [loc.id, other.id]).token;
      const res = await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}&locationId=${loc.id}`, {
        token: supervisor,
      });
      expect(res.statusCode).toBe(200);
      const stats = res.json<{
        locationIds: string[];
        totals: Record<string, unknown>;
        days: Record<string, unknown>[];
      }>();
      expect(stats.locationIds).toEqual([loc.id]);
      expect(stats.totals).toMatchObject({ bookings: 2, cancellations: 1, walkIns: 5, served: 6 });
      expect(stats.days).toEqual([expect.objectContaining({ date: DAY, bookings: 2, cancellations: 1 })]);

      const elsewhere = await h.request(
        'GET',
        `/stats/appointments?from=${DAY}&to=${DAY}&locationId=${other.id}`,
        { token: supervisor },
      );
      expect(elsewhere.json<{ totals: Record<string, unknown> }>().totals).toMatchObject({
        bookings: 2,
        cancellations: 2,
        walkIns: 0,
        served: 0,
        waitingMinutes: { median: null, p90: null },
      });
      // the cancellations were made on 25 November, but count on the day of the appointment
      const onCancelDay = await h.request(
        'GET',
        `/stats/appointments?from=2026-11-25&to=2026-11-25&locationId=${loc.id}`,
        { token: supervisor },
      );
      expect(onCancelDay.json<{ totals: Record<string, unknown> }>().totals).toMatchObject({
        bookings: 0,
        cancellations: 0,
      });
      // a supervisor of another location only may not ask for this one
      const notHere = await h.request(
        'GET',
        `/stats/appointments?from=${DAY}&to=${DAY}&locationId=${loc.id}`,
        { token: h.staff('supervisor', [other.id]).token },
      );
      expect(notHere.statusCode).toBe(403);
      expect(notHere.json<{ type: string }>().type).toBe('location-not-assigned');
    });

    it('gives the waiting time median and p90 and the service time from the recorded times', async () => {
      const res = await h.request('GET', `/stats/appointments?from=${DAY}&to=${DAY}&locationId=${loc.id}`, {
        token: h.staff('supervisor').token,
      });
      const { totals } = res.json<{ totals: Record<string, unknown> }>();
      // waits 0, 5, 10, 20, 30, 40: median (10 + 20) / 2 = 15; p90 at rank 4.5 = 30 + 0.5 × 10 = 35
      expect(totals.waitingMinutes).toEqual({ median: 15, p90: 35 });
      // service 5, 5, 5, 5, 5, 12: median 5; p90 at rank 4.5 = 5 + 0.5 × 7 = 8.5
      expect(totals.serviceMinutes).toEqual({ median: 5, p90: 8.5 });
      // 37 service minutes of 8 h on one counter
      expect(totals.utilisation).toBe(Math.round((37 / 480) * 1000) / 1000);
    });
  });
});
