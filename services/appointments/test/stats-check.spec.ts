import { defined } from '@buergeramt/testing';
import { v7 as uuidv7 } from 'uuid';
import { HousekeepingProcessor } from '../src/housekeeping/housekeeping.processor';
import { LeadTimeSnapshots } from '../src/stats/lead-time.snapshots';
import { Harness, type SetUpLocation } from './support/harness';

const DAY = '2026-11-30'; // a Monday; the office opens on Mondays only, 08:00–16:00
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;

interface Figures {
  bookings: number;
  noShows: number;
  completed: number;
  noShowRate: number | null;
  offeredMinutes: number;
  bookedMinutes: number;
  utilisation: number | null;
  leadTimeDays: { median: number | null; p90: number | null; count: number; noneFree: number };
  waitingBooked: { median: number | null; p90: number | null; count: number };
  waitingWalkIn: { median: number | null; p90: number | null; count: number };
}
interface Check {
  granularity: string;
  totals: Figures;
  previous: Figures & { from: string; to: string };
  periods: (Figures & { start: string })[];
  services: (Figures & { serviceId: string; previous: Figures })[];
  locations: (Figures & { locationId: string; name: string; previous: Figures })[];
  locationIds: string[];
}

describe('GET /stats/appointments/check: the digitalisation check’s appointment figures (real Postgres)', () => {
  let h: Harness;
  let loc: SetUpLocation;
  const other = uuidv7(); // a second service offered at the office, never booked
  const supervisor = (): string => h.staff('supervisor').token;
  const clerk = (): string => h.staff('clerk', [loc.id]).token;
  const check = async (query: string, token = supervisor()): Promise<Check> => {
    const res = await h.request('GET', `/stats/appointments/check?${query}`, { token });
    expect(res.statusCode).toBe(200);
    return res.json<Check>();
  };

  beforeAll(async () => {
    h = await Harness.boot({ NO_SHOW_GRACE_MINUTES: '15' });
    h.setNow('2026-11-25T10:00:00Z'); // Wednesday 11:00 in Esslingen
    loc = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '16:00']], durationMinutes: 15 });
    const offer = await h.admin('PUT', `/admin/locations/${loc.id}/services/${other}`, {
      durationMinutes: 30,
      maxFutureBookingsPerPerson: 1,
    });
    expect(offer.statusCode).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('records the next free appointment once a day per office and service, from the configured hour on', async () => {
    const snapshots = h.get(LeadTimeSnapshots);
    h.setNow('2026-11-25T05:00:00Z'); // 06:00 in the city: too early
    expect(await snapshots.run()).toBe(0);
    h.setNow('2026-11-25T10:00:00Z');
    expect(await snapshots.run()).toBe(2);
    expect(await snapshots.run()).toBe(0); // once a day
    h.setNow('2026-11-26T10:00:00Z');
    expect(await snapshots.snapshot()).toBe(2);
    const rows = await h.query<{ day: string; next: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, to_char(next_free_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS next
         FROM ${h.table('next_free_slots')} WHERE location_id = $1 AND service_id = $2 ORDER BY day`,
      [loc.id, loc.serviceId],
    );
    // Monday 08:00 in Esslingen is 07:00 UTC: 4 days 21 h and 3 days 21 h ahead
    expect(rows).toEqual([
      { day: '2026-11-25', next: '2026-11-30T07:00' },
      { day: '2026-11-26', next: '2026-11-30T07:00' },
    ]);
  });

  it('counts a day at the office: bookings, no-shows, utilisation and the waits of booked visits and walk-ins', async () => {
    h.setNow('2026-11-27T10:00:00Z');
    const booked: Record<string, string> = {};
    for (const [name, start] of [
      ['missed', '08:00'],
      ['due', '09:00'],
      ['later', '11:00'],
    ] as const) {
      const res = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: { serviceId: loc.serviceId, locationId: loc.id, start: at(start) },
      });
      expect(res.statusCode).toBe(201);
      booked[name] = res.json<{ id: string }>().id;
    }
    const serve = async (ticketId: string, calledAt: string, doneAt: string): Promise<void> => {
      h.setNow(at(calledAt));
      const called = await h.request('POST', `/locations/${loc.id}/counters/${loc.counterIds[0]}/call-next`, {
        token: clerk(),
      });
      expect(called.json<{ id: string }>().id).toBe(ticketId);
      expect((await h.request('POST', `/tickets/${ticketId}/start`, { token: clerk() })).statusCode).toBe(
        200,
      );
      h.setNow(at(doneAt));
      expect((await h.request('POST', `/tickets/${ticketId}/complete`, { token: clerk() })).statusCode).toBe(
        200,
      );
    };
    const draw = async (body: Record<string, string>): Promise<string> => {
      const res = await h.request('POST', '/tickets', { token: clerk(), body });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    // the 09:00 appointment arrives 09:05, is called 09:15: 10 minutes
    h.setNow(at('09:05'));
    await serve(
      await draw({ appointmentId: defined(booked.due, 'the 09:00 appointment') }),
      '09:15',
      '09:25',
    );
    // walk-ins: drawn 09:30, called 09:50 (20 min); drawn 10:00, called 10:04 (4 min)
    h.setNow(at('09:30'));
    await serve(await draw({ locationId: loc.id, serviceId: loc.serviceId }), '09:50', '10:00');
    await serve(await draw({ locationId: loc.id, serviceId: loc.serviceId }), '10:04', '10:10');
    // the 08:00 appointment nobody came to becomes a no-show
    h.setNow(at('10:30'));
    await h.get(HousekeepingProcessor).run();

    const day = await check(`from=${DAY}&to=${DAY}&granularity=week&locationId=${loc.id}`);
    expect(day.totals).toMatchObject({
      bookings: 3,
      noShows: 1,
      completed: 1,
      noShowRate: 0.5,
      offeredMinutes: 960, // 8 h × 2 counters
      bookedMinutes: 45,
      utilisation: Math.round((45 / 960) * 1000) / 1000,
      waitingBooked: { median: 10, p90: 10, count: 1 },
      waitingWalkIn: { median: 12, p90: 18.4, count: 2 },
      leadTimeDays: { median: null, p90: null, count: 0, noneFree: 0 },
    });
    expect(day.previous).toMatchObject({
      from: '2026-11-29',
      to: '2026-11-29',
      bookings: 0,
      offeredMinutes: 0,
    });
    expect(day.periods.map((p) => p.start)).toEqual(['2026-11-30']);
    expect(day.periods[0]).toMatchObject({ bookings: 3, waitingWalkIn: { count: 2 } });
    // per service: the booked one, and the one offered (30-minute appointments) that nobody booked
    const mine = day.services.find((s) => s.serviceId === loc.serviceId)!;
    expect(mine).toMatchObject({ bookings: 3, bookedMinutes: 45, offeredMinutes: 960 });
    expect(day.services.find((s) => s.serviceId === other)).toMatchObject({
      bookings: 0,
      utilisation: 0,
      offeredMinutes: 960,
    });
    expect(day.locations).toEqual([expect.objectContaining({ locationId: loc.id, bookings: 3 })]);
  });

  it('gives every week or month of the period, the lead time, one service only, and the period before', async () => {
    const weeks = await check(`from=2026-11-23&to=${DAY}&granularity=week&serviceId=${loc.serviceId}`);
    expect(weeks.periods.map((p) => p.start)).toEqual(['2026-11-23', '2026-11-30']);
    // 4 d 21 h and 3 d 21 h: median 4.375, p90 4.775 days
    expect(weeks.periods[0]?.leadTimeDays).toEqual({ median: 4.4, p90: 4.8, count: 2, noneFree: 0 });
    expect(weeks.periods[1]).toMatchObject({ bookings: 3, leadTimeDays: { count: 0 } });
    expect(weeks.totals.leadTimeDays.count).toBe(2);
    expect(weeks.services.map((s) => s.serviceId)).toEqual([loc.serviceId]);

    const december = await check(`from=2026-12-01&to=2026-12-31&locationId=${loc.id}`);
    expect(december.granularity).toBe('month');
    expect(december.periods.map((p) => p.start)).toEqual(['2026-12-01']);
    expect(december.totals.bookings).toBe(0);
    expect(december.previous).toMatchObject({
      from: '2026-10-31',
      to: '2026-11-30',
      bookings: 3,
      noShows: 1,
    });
    // per office and per service, each beside its own previous period (a service booked only then too)
    expect(december.locations).toEqual([
      expect.objectContaining({
        locationId: loc.id,
        bookings: 0,
        noShowRate: null,
        previous: expect.objectContaining({
          bookings: 3,
          noShows: 1,
          noShowRate: december.previous.noShowRate,
        }),
      }),
    ]);
    expect(december.locations[0]?.previous).toEqual({ ...december.previous, from: undefined, to: undefined });
    const booked = december.services.find((s) => s.serviceId === loc.serviceId)!;
    expect(booked).toMatchObject({ bookings: 0, previous: { bookings: 3, bookedMinutes: 45 } });
    expect(booked.previous.waitingWalkIn.count).toBe(december.previous.waitingWalkIn.count);
  });

  it('is for supervisors of the office, and names a wrong field', async () => {
    const res = await h.request('GET', `/stats/appointments/check?from=${DAY}&to=${DAY}`, { token: clerk() });
    expect(res.statusCode).toBe(403);
    const elsewhere = await h.request(
      'GET',
      `/stats/appointments/check?from=${DAY}&to=${DAY}&locationId=${loc.id}`,
      {
        token: h.staff('supervisor', [uuidv7()]).token,
      },
    );
    expect(elsewhere.json<{ type: string }>().type).toBe('location-not-assigned');
    // a supervisor of another office sees none of this one's figures
    const theirs = await check(`from=${DAY}&to=${DAY}`, h.staff('supervisor', [uuidv7()]).token);
    expect(theirs.totals.bookings).toBe(0);
    expect(theirs.locationIds).toEqual([]);
    for (const [query, field] of [
      [`from=${DAY}&to=2028-01-01`, 'to'],
      [`from=${DAY}&to=${DAY}&granularity=year`, 'granularity'],
      [`from=${DAY}&to=${DAY}&serviceId=nope`, 'serviceId'],
    ]) {
      const bad = await h.request('GET', `/stats/appointments/check?${query}`, { token: supervisor() });
      expect(bad.statusCode).toBe(422);
      expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    }
  });
});
