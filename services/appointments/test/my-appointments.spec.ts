import { v7 as uuidv7 } from 'uuid';
import { AppointmentsRepository } from '../src/bookings/appointments.repository';
import { AppointmentsUserStartIndex1765600000000 } from '../src/migrations/1765600000000-appointments-user-start-index';
import { Harness, type SetUpLocation } from './support/harness';

interface Item {
  id: string;
  status: string;
  start: string;
  end: string;
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

/** Friday before the week the tests look at: every appointment is booked ahead from here. */
const BOOKING_TIME = '2026-11-20T07:00:00Z';
/** Wednesday 11:01 in Esslingen: 10:45–11:00 ended a minute ago, 11:00–11:15 is running. */
const NOW = '2026-11-25T10:01:00Z';

const local = (date: string, time: string): string => `${date}T${time}:00+01:00`;

describe('GET /appointments?when=upcoming|past (real Postgres and Redis)', () => {
  let h: Harness;
  let loc: SetUpLocation;
  let citizen: { id: string; token: string };
  /** the citizen's appointments by name */
  const mine: Record<string, string> = {};
  /** appointments of others (another citizen, a guest) that must never be listed */
  const others: string[] = [];

  const book = async (start: string, token?: string): Promise<string> => {
    const res = await h.request('POST', '/appointments', {
      token,
      body: {
        serviceId: loc.serviceId,
        locationId: loc.id,
        start,
        ...(token ? {} : { contact: { name: 'Gast', email: `gast-${uuidv7()}@example.org` } }),
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };

  const setStatus = (id: string, status: string) =>
    h.query(`UPDATE ${h.table('appointments')} SET status = $2 WHERE id = $1`, [id, status]);

  const list = async (query: string, token = citizen.token): Promise<Page> => {
    const res = await h.request('GET', `/appointments?${query}`, { token });
    expect(res.statusCode).toBe(200);
    return res.json<Page>();
  };

  /** Every page of a list, following nextCursor. */
  const allPages = async (when: string, limit: number): Promise<{ pages: number; items: Item[] }> => {
    const items: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(
        `when=${when}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pages += 1;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null && pages < 50);
    return { pages, items };
  };

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(BOOKING_TIME);
    loc = await h.setUpLocation({ counters: 3, maxFutureBookingsPerPerson: 50, minLeadMinutes: 0 });
    citizen = h.citizen();
    const other = h.citizen();

    mine.completed = await book(local('2026-11-23', '09:00'), citizen.token);
    mine.noShow = await book(local('2026-11-24', '08:00'), citizen.token);
    mine.endedAMinuteAgo = await book(local('2026-11-25', '10:45'), citizen.token);
    mine.running = await book(local('2026-11-25', '11:00'), citizen.token);
    mine.runningCheckedIn = await book(local('2026-11-25', '11:00'), citizen.token); // same start: id decides
    mine.pending = await book(local('2026-11-25', '11:30'), citizen.token);
    mine.expired = await book(local('2026-11-26', '10:00'), citizen.token);
    mine.cancelled = await book(local('2026-11-27', '09:00'), citizen.token);
    for (const [i, date] of ['2026-11-26', '2026-11-30', '2026-12-01', '2026-12-02'].entries()) {
      mine[`future${i}a`] = await book(local(date, '09:00'), citizen.token);
      mine[`future${i}b`] = await book(local(date, '09:00'), citizen.token);
    }
    others.push(await book(local('2026-11-26', '09:15'), other.token));
    others.push(await book(local('2026-11-24', '09:15'), other.token));
    others.push(await book(local('2026-11-26', '09:30'))); // a guest's

    h.setNow('2026-11-25T07:30:00Z');
    await setStatus(mine.completed, 'completed');
    await setStatus(mine.noShow, 'no_show');
    await setStatus(mine.runningCheckedIn, 'checked_in');
    await setStatus(mine.pending, 'pending_confirmation');
    await setStatus(mine.expired, 'expired');
    const cancelled = await h.request('DELETE', `/appointments/${mine.cancelled}`, { token: citizen.token });
    expect(cancelled.statusCode).toBe(204);
    h.setNow(NOW);
  });

  afterAll(async () => {
    await h?.close();
  });

  const idsOf = (items: Item[]) => items.map((i) => i.id);
  const byStartThenId = (a: Item, b: Item) =>
    Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  it('lists the upcoming ones, running or ahead and still holding their time, soonest first', async () => {
    const page = await list('when=upcoming');
    const running = [mine.running, mine.runningCheckedIn].sort();
    const future = (i: number) => [mine[`future${i}a`], mine[`future${i}b`]].sort();
    expect(idsOf(page.items)).toEqual([
      ...running,
      mine.pending,
      ...future(0),
      ...future(1),
      ...future(2),
      ...future(3),
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items.find((i) => i.id === mine.runningCheckedIn)).toMatchObject({
      status: 'checked_in',
      start: '2026-11-25T11:00:00.000+01:00',
      end: '2026-11-25T11:15:00.000+01:00',
    });
    expect(page.items.find((i) => i.id === mine.pending)?.status).toBe('pending_confirmation');
  });

  it('lists all the others latest start first: ended, cancelled, expired, completed, no-show', async () => {
    const page = await list('when=past');
    expect(idsOf(page.items)).toEqual([
      mine.cancelled,
      mine.expired,
      mine.endedAMinuteAgo,
      mine.noShow,
      mine.completed,
    ]);
    expect(page.items.map((i) => i.status)).toEqual([
      'cancelled',
      'expired',
      'confirmed',
      'no_show',
      'completed',
    ]);
  });

  it('splits the whole list: each appointment in exactly one of the two, and nobody else’s', async () => {
    const upcoming = idsOf((await list('when=upcoming&limit=100')).items);
    const past = idsOf((await list('when=past&limit=100')).items);
    const all = idsOf((await list('limit=100')).items);
    expect([...upcoming, ...past].sort()).toEqual(Object.values(mine).sort());
    expect(all.sort()).toEqual(Object.values(mine).sort());
    for (const id of others) {
      expect(upcoming).not.toContain(id);
      expect(past).not.toContain(id);
    }
    // another citizen sees only theirs, and a citizen without any sees empty lists
    expect((await list('when=upcoming', h.citizen().token)).items).toEqual([]);
    expect((await list('when=past', h.citizen().token)).items).toEqual([]);
  });

  it('counts by the service clock: running until its end, past from the minute it ended', async () => {
    const ended = mine.endedAMinuteAgo;
    try {
      h.setNow('2026-11-25T09:59:59Z'); // 10:59:59: the 10:45 appointment has one second to go
      expect(idsOf((await list('when=upcoming')).items)).toContain(ended);
      expect(idsOf((await list('when=past')).items)).not.toContain(ended);

      h.setNow('2026-11-25T10:14:59Z'); // 11:14:59: the 11:00 ones are still running
      const upcoming = idsOf((await list('when=upcoming')).items);
      expect(upcoming).toEqual(expect.arrayContaining([mine.running, mine.runningCheckedIn]));
      expect(upcoming).not.toContain(ended);

      h.setNow('2026-11-25T10:15:00Z'); // 11:15: they have ended, checked in or not
      const past = idsOf((await list('when=past')).items);
      expect(past).toEqual(expect.arrayContaining([mine.running, mine.runningCheckedIn]));
      expect(idsOf((await list('when=upcoming')).items)).not.toContain(mine.running);
    } finally {
      h.setNow(NOW);
    }
  });

  it('pages on (start, id) without gaps or repeats, in both directions', async () => {
    for (const when of ['upcoming', 'past']) {
      const whole = (await list(`when=${when}&limit=100`)).items;
      for (const limit of [1, 2, 3]) {
        const { pages, items } = await allPages(when, limit);
        expect(idsOf(items)).toEqual(idsOf(whole));
        expect(new Set(idsOf(items)).size).toBe(items.length);
        expect(pages).toBe(Math.max(1, Math.ceil(whole.length / limit)));
      }
      const ordered = [...whole].sort(byStartThenId);
      expect(idsOf(whole)).toEqual(idsOf(when === 'upcoming' ? ordered : ordered.reverse()));
    }
  });

  it('keeps paging right when an appointment is booked between two pages', async () => {
    const first = await list('when=upcoming&limit=3');
    expect(first.nextCursor).not.toBeNull();
    const late = await book(local('2026-12-03', '08:00'), citizen.token);
    try {
      const rest = await allPagesFrom(first.nextCursor!);
      const seen = [...idsOf(first.items), ...idsOf(rest)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen[seen.length - 1]).toBe(late);
      expect(seen).toHaveLength(12);
    } finally {
      await h.query(`DELETE FROM ${h.table('appointments')} WHERE id = $1`, [late]);
    }

    async function allPagesFrom(cursor: string): Promise<Item[]> {
      const items: Item[] = [];
      let next: string | null = cursor;
      while (next) {
        const page = await list(`when=upcoming&limit=3&cursor=${encodeURIComponent(next)}`);
        items.push(...page.items);
        next = page.nextCursor;
      }
      return items;
    }
  });

  it('names each appointment’s office, also in a page from several offices', async () => {
    const resident = h.citizen();
    const offices = [
      await h.setUpLocation({ name: 'Bürgeramt Mitte' }),
      await h.setUpLocation({ name: 'Bürgerbüro Mettingen' }),
    ];
    const booked: Record<string, string> = {};
    for (const office of offices) {
      const res = await h.request('POST', '/appointments', {
        token: resident.token,
        body: { serviceId: office.serviceId, locationId: office.id, start: local('2026-11-30', '09:00') },
      });
      expect(res.statusCode).toBe(201);
      booked[office.id] = res.json<{ id: string }>().id;
    }
    for (const query of ['when=upcoming', 'limit=10']) {
      const page = (await list(query, resident.token)) as unknown as {
        items: (Item & { locationId: string; locationName: string; locationAddress: string })[];
      };
      expect(page.items.map((i) => [i.id, i.locationName]).sort()).toEqual(
        [
          [booked[offices[0]!.id], 'Bürgeramt Mitte'],
          [booked[offices[1]!.id], 'Bürgerbüro Mettingen'],
        ].sort(),
      );
      expect(page.items.every((i) => i.locationAddress === 'Rathausplatz 2, 73728 Esslingen am Neckar')).toBe(
        true,
      );
    }
  });

  it('keeps the list without `when` as it was: every appointment, newest booking first', async () => {
    const page = await list('limit=100');
    const ids = idsOf(page.items);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(ids).toHaveLength(Object.keys(mine).length);
  });

  it('answers a wrong `when` or a cursor of another list with 422 problem+json naming the field', async () => {
    for (const bad of ['future', 'UPCOMING', '']) {
      const res = await h.request('GET', `/appointments?when=${bad}`, { token: citizen.token });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json<Problem>()).toMatchObject({
        type: 'validation-failed',
        status: 422,
        errors: [{ field: 'when', message: expect.any(String) }],
      });
    }
    const upcomingCursor = (await list('when=upcoming&limit=1')).nextCursor!;
    const idCursor = (await list('limit=1')).nextCursor!;
    const forged = Buffer.from(JSON.stringify(['past', 'not a date', uuidv7()])).toString('base64url');
    for (const [when, cursor] of [
      ['past', upcomingCursor],
      ['upcoming', idCursor],
      ['past', forged],
      ['upcoming', 'x'],
    ]) {
      const res = await h.request('GET', `/appointments?when=${when}&cursor=${cursor}`, {
        token: citizen.token,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<Problem>().errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
    const plain = await h.request('GET', `/appointments?cursor=${upcomingCursor}`, { token: citizen.token });
    expect(plain.statusCode).toBe(422);
  });

  it('is for citizens only', async () => {
    expect((await h.request('GET', '/appointments?when=upcoming')).statusCode).toBe(401);
    const clerk = h.staff('clerk', [loc.id]);
    expect((await h.request('GET', '/appointments?when=past', { token: clerk.token })).statusCode).toBe(403);
  });

  it('reads a page in order from the index on (user_id, start_at, id), without sorting', async () => {
    const repository = h.get(AppointmentsRepository);
    for (const when of ['upcoming', 'past'] as const) {
      const after = { startAt: new Date('2026-11-30T08:00:00Z'), id: uuidv7() };
      const [sql, params] = repository
        .ownByTime(citizen.id, when, new Date(NOW), 21, after)
        .getQueryAndParameters();
      const runner = h.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        // the test table is tiny, where a sequential scan is cheapest: ask for the plan of a large one
        await runner.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, params);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan).toContain('appointments_user_start_idx');
        expect(plan).not.toMatch(/\bSort\b/);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('migrates the index in and out again (reversible)', async () => {
    const migration = new AppointmentsUserStartIndex1765600000000();
    const runner = h.dataSource.createQueryRunner();
    const indexes = async (): Promise<string[]> =>
      (
        await h.query<{ indexname: string }>(
          `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname = 'appointments_user_start_idx'`,
          [h.service.schema.schema],
        )
      ).map((r) => r.indexname);
    try {
      expect(await indexes()).toEqual(['appointments_user_start_idx']);
      await migration.down(runner);
      expect(await indexes()).toEqual([]);
      await migration.up(runner);
      expect(await indexes()).toEqual(['appointments_user_start_idx']);
    } finally {
      await runner.release();
    }
  });
});
