import { defined } from '@buergeramt/testing';
import { v7 as uuidv7 } from 'uuid';
import { Harness, type SetUpLocation } from './support/harness';

interface Appointment {
  id: string;
  start: string;
}

const NOW = Date.parse('2026-11-25T10:00:00Z'); // Wednesday
const MONDAY_9 = '2026-11-30T09:00:00+01:00';
const HOUR = 3_600_000;

describe('Idempotency-Key is honoured for 24 h by the service clock (real Postgres and Redis)', () => {
  let h: Harness;
  let loc: SetUpLocation;

  const book = (token: string, key: string, start = MONDAY_9) =>
    h.request('POST', '/appointments', {
      token,
      body: { serviceId: loc.serviceId, locationId: loc.id, start },
      headers: { 'idempotency-key': key },
    });

  const bookingsOf = async (userId: string): Promise<number> => {
    const [row] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${h.table('appointments')} WHERE user_id = $1`,
      [userId],
    );
    const { n } = defined(row, 'the count');
    return n;
  };

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(new Date(NOW));
    // room for the same person to book the same time twice: two counters, a limit of 3
    loc = await h.setUpLocation({ counters: 2, maxFutureBookingsPerPerson: 3 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('replays within 24 h and books anew once the key is older than 24 h, even before any sweep', async () => {
    const citizen = h.citizen();
    const key = `key-${uuidv7()}`;
    h.setNow(new Date(NOW));
    const first = await book(citizen.token, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const firstId = first.json<Appointment>().id;

    // just under 24 h later: the first answer again, nothing booked
    h.setNow(new Date(NOW + 24 * HOUR - 60_000));
    const replay = await book(citizen.token, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<Appointment>().id).toBe(firstId);
    expect(await bookingsOf(citizen.id)).toBe(1);

    // 24 h later the key counts as unused: the stale row is still there (no sweep ran), yet a new booking
    const [stale] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${h.table('idempotency_keys')} WHERE key = $1`,
      [key],
    );
    expect(stale?.n).toBe(1);
    h.setNow(new Date(NOW + 24 * HOUR + 60_000));
    const fresh = await book(citizen.token, key);
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    const freshId = fresh.json<Appointment>().id;
    expect(freshId).not.toBe(firstId);
    expect(await bookingsOf(citizen.id)).toBe(2);

    // and the renewed key replays the new answer from now on
    const again = await book(citizen.token, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<Appointment>().id).toBe(freshId);
    expect(await bookingsOf(citizen.id)).toBe(2);
  });

  it('refuses a different body with the same key within 24 h, and accepts it after 24 h', async () => {
    const citizen = h.citizen();
    const key = `key-${uuidv7()}`;
    h.setNow(new Date(NOW));
    expect((await book(citizen.token, key, '2026-11-30T10:00:00+01:00')).statusCode).toBe(201);
    h.setNow(new Date(NOW + 23 * HOUR));
    const reused = await book(citizen.token, key, '2026-11-30T10:15:00+01:00');
    expect(reused.statusCode).toBe(422);
    expect(reused.json<{ type: string }>().type).toBe('idempotency-key-reused');
    h.setNow(new Date(NOW + 25 * HOUR));
    const later = await book(citizen.token, key, '2026-11-30T10:15:00+01:00');
    expect(later.statusCode).toBe(201);
    expect(later.json<Appointment>().start).toBe('2026-11-30T10:15:00.000+01:00');
    expect(await bookingsOf(citizen.id)).toBe(2);
  });

  it('lets parallel duplicates of an expired key make exactly one new booking', async () => {
    const citizen = h.citizen();
    const key = `key-${uuidv7()}`;
    h.setNow(new Date(NOW));
    const first = await book(citizen.token, key, '2026-11-30T11:00:00+01:00');
    expect(first.statusCode).toBe(201);
    h.setNow(new Date(NOW + 30 * HOUR));
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => book(citizen.token, key, '2026-11-30T11:00:00+01:00')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    const ids = new Set(answers.map((a) => a.json<Appointment>().id));
    expect(ids.size).toBe(1);
    expect(ids.has(first.json<Appointment>().id)).toBe(false);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(await bookingsOf(citizen.id)).toBe(2);
  });
});
