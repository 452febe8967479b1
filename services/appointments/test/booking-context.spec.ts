import { defined } from '@buergeramt/testing';
import { BookingContexts } from '../src/locations/booking-contexts';
import { Harness, type SetUpLocation } from './support/harness';

const NOW = '2026-11-25T10:00:00Z'; // Wednesday
const DAY = '2026-12-07'; // a Monday, open 08:00–12:00
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;

/**
 * A booking's context (schedule, names) is kept in memory between bookings (decision §36). These tests
 * change the location behind the service's back — in SQL, as another replica or an admin's transaction
 * would — and check that the next booking sees the change anyway: the booking statement checks the
 * location's `context_version`.
 */
describe('booking contexts kept in memory are never trusted past a change of the location (real Postgres)', () => {
  let h: Harness;

  const book = (loc: SetUpLocation, time: string, token = h.citizen().token) =>
    h.request('POST', '/appointments', {
      token,
      body: { serviceId: loc.serviceId, locationId: loc.id, start: at(time) },
    });
  const version = async (loc: SetUpLocation): Promise<bigint> => {
    const [row] = await h.query<{ v: string }>(
      `SELECT context_version AS v FROM ${h.table('locations')} WHERE id = $1`,
      [loc.id],
    );
    return BigInt(defined(row, `location ${loc.id}`).v);
  };

  const announce = (loc: SetUpLocation) =>
    h.query(
      `INSERT INTO ${h.table('catalogue_services')}
         (service_id, slug, name, appointment_required, online_application, active, changed_at)
       VALUES ($1, $2, '{"de": "Meldebescheinigung", "en": "Certificate of registration"}', true, false, true, now())`,
      [loc.serviceId, `service-${loc.serviceId}`],
    );

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(NOW);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a second booking of the day reads the context from memory', async () => {
    const loc = await h.setUpLocation({ counters: 2 });
    const contexts = h.get(BookingContexts);
    expect((await book(loc, '08:00')).statusCode).toBe(201);
    const kept = contexts.size;
    expect((await book(loc, '08:15')).statusCode).toBe(201);
    expect(contexts.size).toBe(kept);
  });

  it('a closure added for the day: the next booking is refused although its context was kept', async () => {
    const loc = await h.setUpLocation({ counters: 2 });
    expect((await book(loc, '08:00')).statusCode).toBe(201);
    await h.query(
      `INSERT INTO ${h.table('closures')} (id, location_id, date, reason) VALUES (gen_random_uuid(), $1, $2, 'Betriebsausflug')`,
      [loc.id, DAY],
    );
    const refused = await book(loc, '09:00');
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ type: string }>().type).toMatch(/slot-unavailable$/);
    const [row] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${h.table('appointments')} WHERE location_id = $1`,
      [loc.id],
    );
    const { n } = defined(row, 'the count');
    expect(n).toBe(1);
  });

  it('a lower per-person limit and a withdrawn service take effect at once', async () => {
    const loc = await h.setUpLocation({ counters: 2, maxFutureBookingsPerPerson: 2 });
    await announce(loc);
    const citizen = h.citizen();
    expect((await book(loc, '08:00', citizen.token)).statusCode).toBe(201);
    await h.query(
      `UPDATE ${h.table('location_services')} SET max_future_bookings_per_person = 1 WHERE location_id = $1`,
      [loc.id],
    );
    const limited = await book(loc, '08:30', citizen.token);
    expect(limited.statusCode).toBe(409);
    expect(limited.json<{ type: string }>().type).toMatch(/booking-limit$/);

    await h.query(`UPDATE ${h.table('catalogue_services')} SET active = false WHERE service_id = $1`, [
      loc.serviceId,
    ]);
    const withdrawn = await book(loc, '09:00');
    expect(withdrawn.statusCode).toBe(422);
  });

  it('a counter taken out of service: no booking lands on it any more', async () => {
    const loc = await h.setUpLocation({ counters: 2 });
    expect((await book(loc, '10:00')).statusCode).toBe(201);
    const [kept, closed] = loc.counterIds;
    await h.query(`UPDATE ${h.table('counters')} SET active = false WHERE id = $1`, [closed]);
    for (const time of ['10:15', '10:30', '10:45']) expect((await book(loc, time)).statusCode).toBe(201);
    const rows = await h.query<{ counter_id: string }>(
      `SELECT counter_id FROM ${h.table('appointments')} WHERE location_id = $1 AND start_at > $2`,
      [loc.id, at('10:00')],
    );
    expect(rows.map((r) => r.counter_id)).toEqual([kept, kept, kept]);
  });

  it('every table of the context moves the version of exactly the locations concerned', async () => {
    const loc = await h.setUpLocation({ counters: 1 });
    const other = await h.setUpLocation({ counters: 1 });
    await announce(loc);
    const steps: [string, unknown[]][] = [
      [`UPDATE ${h.table('locations')} SET min_lead_minutes = min_lead_minutes + 1 WHERE id = $1`, [loc.id]],
      [`UPDATE ${h.table('counters')} SET name = name || '!' WHERE location_id = $1`, [loc.id]],
      [`DELETE FROM ${h.table('opening_hours')} WHERE location_id = $1 AND weekday = 5`, [loc.id]],
      [
        `INSERT INTO ${h.table('opening_hours')} (id, location_id, weekday, opens, closes)
         VALUES (gen_random_uuid(), $1, 6, '09:00', '10:00')`,
        [loc.id],
      ],
      [
        `INSERT INTO ${h.table('closures')} (id, location_id, date, reason) VALUES (gen_random_uuid(), $1, '2026-12-24', 'Heiligabend')`,
        [loc.id],
      ],
      [`UPDATE ${h.table('location_services')} SET duration_minutes = 30 WHERE location_id = $1`, [loc.id]],
      [`UPDATE ${h.table('catalogue_services')} SET name = name WHERE service_id = $1`, [loc.serviceId]],
    ];
    for (const [sql, params] of steps) {
      const before = [await version(loc), await version(other)] as const;
      await h.query(sql, params);
      expect([await version(loc), await version(other)]).toEqual([before[0] + 1n, before[1]]);
    }
  });
});
