import { Harness, type SetUpLocation } from './support/harness';

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

const NOW = '2026-11-25T10:00:00Z'; // a Wednesday, 11:00 in Esslingen

describe('locations, configuration and slots (real Postgres and Redis)', () => {
  let h: Harness;
  let weekdays: SetUpLocation;

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(NOW);
    weekdays = await h.setUpLocation({ counters: 2, durationMinutes: 15 });
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('admin API', () => {
    it('is for admins only: 401 without a token, 403 for citizens and clerks', async () => {
      expect((await h.request('GET', '/admin/locations')).statusCode).toBe(401);
      expect((await h.request('GET', '/admin/locations', { token: h.citizen().token })).statusCode).toBe(403);
      const clerk = await h.request('POST', '/admin/locations', { token: h.staff('clerk').token, body: {} });
      expect(clerk.statusCode).toBe(403);
      expect(clerk.json<Problem>().type).toBe('forbidden');
    });

    it('answers invalid configuration with 422 naming each field', async () => {
      const res = await h.admin('PUT', `/admin/locations/${weekdays.id}/opening-hours`, {
        ranges: [
          { weekday: 8, opens: '08:00', closes: '12:00' },
          { weekday: 1, opens: '13:00', closes: '25:00' },
        ],
      });
      expect(res.statusCode).toBe(422);
      expect(
        res
          .json<Problem>()
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['ranges[0].weekday', 'ranges[1].closes']);
      const overlap = await h.admin('PUT', `/admin/locations/${weekdays.id}/opening-hours`, {
        ranges: [
          { weekday: 1, opens: '08:00', closes: '12:00' },
          { weekday: 1, opens: '11:00', closes: '13:00' },
        ],
      });
      expect(overlap.statusCode).toBe(422);
      const created = await h.admin('POST', '/admin/locations', { name: 'x'.repeat(201), address: {} });
      expect(created.json<Problem>().errors?.map((e) => e.field)).toEqual(
        expect.arrayContaining(['name', 'address.street', 'address.postalCode', 'address.city']),
      );
      // a missing address is refused too (it used to reach the database: 500)
      const noAddress = await h.admin('POST', '/admin/locations', { name: 'Ohne Adresse' });
      expect(noAddress.statusCode).toBe(422);
      expect(noAddress.json<Problem>().errors?.map((e) => e.field)).toEqual(['address']);
      // a closure on a day that does not exist is 422, not a database error
      const noSuchDay = await h.admin('POST', `/admin/locations/${weekdays.id}/closures`, {
        date: '2026-02-30',
      });
      expect(noSuchDay.statusCode).toBe(422);
      expect(noSuchDay.json<Problem>().errors).toEqual([
        { field: 'date', message: 'must be a date YYYY-MM-DD' },
      ]);
    });

    it('shows the configuration back, and the public list without internals', async () => {
      const admin = await h.admin('GET', `/admin/locations/${weekdays.id}`);
      expect(admin.statusCode).toBe(200);
      expect(admin.json()).toMatchObject({
        id: weekdays.id,
        counters: [
          { name: 'Schalter 1', active: true },
          { name: 'Schalter 2', active: true },
        ],
        services: [
          { serviceId: weekdays.serviceId, durationMinutes: 15, maxFutureBookingsPerPerson: 1, name: null },
        ],
        openingHours: expect.arrayContaining([{ weekday: 1, opens: '08:00', closes: '12:00' }]),
      });
      const list = await h.request('GET', '/locations');
      expect(list.statusCode).toBe(200);
      const item = list.json<{ items: Record<string, unknown>[] }>().items.find((l) => l.id === weekdays.id);
      expect(item).toEqual({
        id: weekdays.id,
        name: expect.any(String),
        address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
        openingHours: expect.any(Array),
        serviceIds: [weekdays.serviceId],
        today: expect.objectContaining({ date: '2026-11-25' }),
      });
    });

    it('announces each change of a location with its whole public state (location.changed)', async () => {
      const events = await h.outbox('location.changed', weekdays.id);
      expect(events.length).toBeGreaterThanOrEqual(2); // created, then each counter, hours and offer
      expect(events.at(-1)?.data).toEqual({
        locationId: weekdays.id,
        name: expect.any(String),
        address: 'Rathausplatz 2, 73728 Esslingen am Neckar',
        active: true,
        serviceIds: [weekdays.serviceId],
      });
      const renamed = await h.admin('PATCH', `/admin/locations/${weekdays.id}`, { name: 'Bürgeramt Mitte' });
      expect(renamed.statusCode).toBe(200);
      const after = await h.outbox('location.changed', weekdays.id);
      expect(after).toHaveLength(events.length + 1);
      expect(after.at(-1)?.data).toMatchObject({ name: 'Bürgeramt Mitte', active: true });
      // a refused change announces nothing
      await h.admin('PATCH', `/admin/locations/${weekdays.id}`, { name: '' });
      expect(await h.outbox('location.changed', weekdays.id)).toHaveLength(after.length);
    });

    it('refuses counters of another location in an offer', async () => {
      const other = await h.setUpLocation();
      const res = await h.admin('PUT', `/admin/locations/${weekdays.id}/services/${weekdays.serviceId}`, {
        durationMinutes: 15,
        maxFutureBookingsPerPerson: 1,
        counterIds: [other.counterIds[0]],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<Problem>().errors?.[0]?.field).toBe('counterIds[0]');
    });
  });

  describe('GET /slots', () => {
    it('gives every start time of the opening hours, in city time, sorted', async () => {
      const slots = await h.slots(weekdays.serviceId, weekdays.id, '2026-11-30', '2026-11-30');
      expect(slots).toHaveLength(16);
      expect(slots[0]).toEqual({
        locationId: weekdays.id,
        start: '2026-11-30T08:00:00.000+01:00',
        end: '2026-11-30T08:15:00.000+01:00',
      });
      expect(slots[15]?.start).toBe('2026-11-30T11:45:00.000+01:00');
      expect(await h.slots(weekdays.serviceId, weekdays.id, '2026-11-28', '2026-11-29')).toEqual([]); // weekend
    });

    it('closes the public holidays of Baden-Württemberg without anyone entering them', async () => {
      const days = (await h.slots(weekdays.serviceId, weekdays.id, '2026-12-24', '2027-01-08')).map((s) =>
        s.start.slice(0, 10),
      );
      const open = [...new Set(days)];
      expect(open).toContain('2026-12-24'); // Heiligabend is no public holiday
      expect(open).toContain('2026-12-28');
      expect(open).not.toContain('2026-12-25'); // 1. Weihnachtstag
      expect(open).not.toContain('2027-01-01'); // Neujahr
      expect(open).not.toContain('2027-01-06'); // Heilige Drei Könige (BW)
      expect(open).toContain('2027-01-07');
    });

    it('honours whole-day and half-day closures and several ranges a day', async () => {
      const location = await h.setUpLocation({
        hours: [
          [2, '08:00', '10:00'],
          [2, '14:00', '15:00'],
          [3, '08:00', '12:00'],
          [4, '08:00', '12:00'],
        ],
      });
      expect(
        (
          await h.admin('POST', `/admin/locations/${location.id}/closures`, {
            date: '2026-12-02',
            reason: 'Betriebsausflug',
          })
        ).statusCode,
      ).toBe(201);
      const half = await h.admin('POST', `/admin/locations/${location.id}/closures`, {
        date: '2026-12-03',
        starts: '10:00',
        ends: '12:00',
      });
      expect(half.statusCode).toBe(201);
      const bad = await h.admin('POST', `/admin/locations/${location.id}/closures`, {
        date: '2026-12-03',
        starts: '10:00',
      });
      expect(bad.statusCode).toBe(422);

      const tuesday = await h.slots(location.serviceId, location.id, '2026-12-01', '2026-12-01');
      expect(tuesday.map((s) => s.start.slice(11, 16))).toEqual([
        '08:00',
        '08:15',
        '08:30',
        '08:45',
        '09:00',
        '09:15',
        '09:30',
        '09:45',
        '14:00',
        '14:15',
        '14:30',
        '14:45',
      ]);
      expect(await h.slots(location.serviceId, location.id, '2026-12-02', '2026-12-02')).toEqual([]);
      const thursday = await h.slots(location.serviceId, location.id, '2026-12-03', '2026-12-03');
      expect(thursday.map((s) => s.start.slice(11, 16))).toEqual([
        '08:00',
        '08:15',
        '08:30',
        '08:45',
        '09:00',
        '09:15',
        '09:30',
        '09:45',
      ]);

      await h.admin('DELETE', `/admin/locations/${location.id}/closures/${half.json<{ id: string }>().id}`);
      expect(await h.slots(location.serviceId, location.id, '2026-12-03', '2026-12-03')).toHaveLength(16);
    });

    it("shows each office's opening state of today (city date) on GET /locations", async () => {
      const location = await h.setUpLocation({
        hours: [
          [2, '08:00', '12:00'],
          [2, '14:00', '18:00'],
          [3, '08:00', '12:00'],
          [5, '08:00', '12:00'],
        ],
      });
      const closure = (body: Record<string, unknown>) =>
        h.admin('POST', `/admin/locations/${location.id}/closures`, body);
      expect(
        (await closure({ date: '2026-12-09', reason: 'Umzug der EDV', reasonPublic: true })).statusCode,
      ).toBe(201);
      const internal = await closure({ date: '2026-12-16', reason: 'Personalversammlung' });
      expect(internal.json()).toMatchObject({ reason: 'Personalversammlung', reasonPublic: false });
      await closure({
        date: '2026-12-08',
        starts: '11:00',
        ends: '15:00',
        reason: 'Schulung',
        reasonPublic: true,
      });
      const today = async (now: string) => {
        h.setNow(now);
        const res = await h.request('GET', '/locations');
        expect(res.statusCode).toBe(200);
        return res.json<{ items: { id: string; today: unknown }[] }>().items.find((l) => l.id === location.id)
          ?.today;
      };
      try {
        // Tuesday 1 December, 09:00 in Esslingen
        expect(await today('2026-12-01T08:00:00Z')).toEqual({
          date: '2026-12-01',
          open: true,
          hours: [
            { opens: '08:00', closes: '12:00' },
            { opens: '14:00', closes: '18:00' },
          ],
          closedReason: null,
          note: null,
        });
        // 00:30 on Wednesday in Esslingen is still Tuesday in UTC
        expect(await today('2026-12-01T23:30:00Z')).toMatchObject({ date: '2026-12-02', open: true });
        // Friday 25 December: 1. Weihnachtstag, a public holiday in Baden-Württemberg
        expect(await today('2026-12-25T09:00:00Z')).toEqual({
          date: '2026-12-25',
          open: false,
          hours: [],
          closedReason: 'holiday',
          note: '1. Weihnachtstag',
        });
        // closed all day by the office, with a public reason; and with an internal one
        expect(await today('2026-12-09T09:00:00Z')).toEqual({
          date: '2026-12-09',
          open: false,
          hours: [],
          closedReason: 'closure',
          note: 'Umzug der EDV',
        });
        expect(await today('2026-12-16T09:00:00Z')).toMatchObject({ closedReason: 'closure', note: null });
        // part of the day closed: the rest of the hours, with the public reason
        expect(await today('2026-12-08T09:00:00Z')).toEqual({
          date: '2026-12-08',
          open: true,
          hours: [
            { opens: '08:00', closes: '11:00' },
            { opens: '15:00', closes: '18:00' },
          ],
          closedReason: null,
          note: 'Schulung',
        });
        // Thursday: no weekly hours
        expect(await today('2026-12-10T09:00:00Z')).toEqual({
          date: '2026-12-10',
          open: false,
          hours: [],
          closedReason: 'no-hours',
          note: null,
        });
      } finally {
        h.setNow(NOW);
      }
    });

    it('starts no earlier than the lead time and ends with the booking window', async () => {
      h.setNow('2026-11-30T07:30:00Z'); // Monday 08:30 in Esslingen, lead time 2 h
      try {
        const today = await h.slots(weekdays.serviceId, weekdays.id, '2026-11-30', '2026-11-30');
        expect(today[0]?.start).toBe('2026-11-30T10:30:00.000+01:00');
        expect(today).toHaveLength(6);
        const late = await h.slots(weekdays.serviceId, weekdays.id, '2027-01-25', '2027-01-31');
        expect(late.map((s) => s.start.slice(0, 10))).toEqual(expect.arrayContaining(['2027-01-29']));
        expect(late.some((s) => s.start.startsWith('2027-02'))).toBe(false);
        const beyond = await h.slots(weekdays.serviceId, weekdays.id, '2027-01-30', '2027-02-05');
        expect(beyond).toEqual([]); // 60 days from 2026-11-30 end with 2027-01-29
      } finally {
        h.setNow(NOW);
      }
    });

    it('says which days can be booked now (bookableFrom/bookableUntil, city dates by the service clock)', async () => {
      type Window = { bookableFrom: string | null; bookableUntil: string | null };
      const window = async (serviceId: string, locationId: string | null, from: string, to: string) => {
        const res = await h.request(
          'GET',
          `/slots?serviceId=${serviceId}${locationId ? `&locationId=${locationId}` : ''}&from=${from}&to=${to}`,
        );
        expect(res.statusCode).toBe(200);
        const body = res.json<Window & { items: unknown[] }>();
        return { bookableFrom: body.bookableFrom, bookableUntil: body.bookableUntil };
      };
      try {
        // Wednesday 11:00 in Esslingen, 60 days and 2 h lead time by default; whatever range is asked
        expect(await window(weekdays.serviceId, weekdays.id, '2026-11-25', '2026-11-25')).toEqual({
          bookableFrom: '2026-11-25',
          bookableUntil: '2027-01-24',
        });
        expect(await window(weekdays.serviceId, weekdays.id, '2027-03-01', '2027-03-31')).toEqual({
          bookableFrom: '2026-11-25',
          bookableUntil: '2027-01-24',
        });
        // 23:30 in Esslingen: the lead time reaches into tomorrow; the window still counts from today
        h.setNow('2026-11-25T22:30:00Z');
        expect(await window(weekdays.serviceId, weekdays.id, '2026-11-25', '2026-11-26')).toEqual({
          bookableFrom: '2026-11-26',
          bookableUntil: '2027-01-24',
        });
        // 00:30 in Esslingen is still the day before in UTC: the city's date counts
        h.setNow('2026-11-30T23:30:00Z');
        expect(await window(weekdays.serviceId, weekdays.id, '2026-12-01', '2026-12-01')).toEqual({
          bookableFrom: '2026-12-01',
          bookableUntil: '2027-01-30',
        });
        h.setNow(NOW);

        // a location's own window and lead time; without locationId the widest of the offering locations
        const serviceId = '0192f0e0-0000-7000-8000-000000000222';
        const short = await h.setUpLocation({ serviceId, bookingWindowDays: 14, minLeadMinutes: 0 });
        const slow = await h.setUpLocation({ serviceId, bookingWindowDays: 90, minLeadMinutes: 2 * 24 * 60 });
        expect(await window(serviceId, short.id, '2026-11-25', '2026-11-25')).toEqual({
          bookableFrom: '2026-11-25',
          bookableUntil: '2026-12-09',
        });
        expect(await window(serviceId, slow.id, '2026-11-25', '2026-11-25')).toEqual({
          bookableFrom: '2026-11-27',
          bookableUntil: '2027-02-23',
        });
        expect(await window(serviceId, null, '2026-11-25', '2026-11-25')).toEqual({
          bookableFrom: '2026-11-25',
          bookableUntil: '2027-02-23',
        });
        // the last bookable day has slots, the day after none
        const edge = await h.slots(serviceId, short.id, '2026-12-09', '2026-12-10');
        expect(new Set(edge.map((slot) => slot.start.slice(0, 10)))).toEqual(new Set(['2026-12-09']));

        // nobody offers it (or not there): nothing to book, so no window
        const nowhere = '0192f0e0-0000-7000-8000-000000000333';
        expect(await window(nowhere, null, '2026-11-25', '2026-11-25')).toEqual({
          bookableFrom: null,
          bookableUntil: null,
        });
        expect(await window(serviceId, weekdays.id, '2026-11-25', '2026-11-25')).toEqual({
          bookableFrom: null,
          bookableUntil: null,
        });
      } finally {
        h.setNow(NOW);
      }
    });

    it('refuses ranges over 62 days, reversed ranges and missing parameters with 422', async () => {
      const long = await h.request(
        'GET',
        `/slots?serviceId=${weekdays.serviceId}&from=2026-12-01&to=2027-02-02`,
      );
      expect(long.statusCode).toBe(422);
      expect(long.json<Problem>().errors).toEqual([{ field: 'to', message: expect.stringContaining('62') }]);
      const reversed = await h.request(
        'GET',
        `/slots?serviceId=${weekdays.serviceId}&from=2026-12-02&to=2026-12-01`,
      );
      expect(reversed.statusCode).toBe(422);
      const missing = await h.request('GET', '/slots?from=2026-12-01&to=2026-12-01');
      expect(missing.json<Problem>().errors?.[0]?.field).toBe('serviceId');
      const invalid = await h.request(
        'GET',
        `/slots?serviceId=${weekdays.serviceId}&from=2026-02-30&to=2026-03-01`,
      );
      expect(invalid.statusCode).toBe(422);
    });

    it('lists every offering location when locationId is absent', async () => {
      const serviceId = '0192f0e0-0000-7000-8000-000000000111';
      const a = await h.setUpLocation({ serviceId, hours: [[1, '08:00', '08:30']] });
      const b = await h.setUpLocation({ serviceId, hours: [[1, '08:15', '08:45']] });
      const slots = await h.slots(serviceId, null, '2026-11-30', '2026-11-30');
      expect(slots.map((s) => [s.start.slice(11, 16), s.locationId])).toEqual([
        ['08:00', a.id],
        ['08:15', a.id],
        ['08:15', b.id],
        ['08:30', b.id],
      ]);
    });
  });

  describe('GET /slots/days', () => {
    type Days = {
      items: { date: string; free: number }[];
      bookableFrom: string | null;
      bookableUntil: string | null;
    };
    const days = async (serviceId: string, locationId: string | null, from: string, to: string) => {
      const res = await h.request(
        'GET',
        `/slots/days?serviceId=${serviceId}${locationId ? `&locationId=${locationId}` : ''}&from=${from}&to=${to}`,
      );
      expect(res.statusCode).toBe(200);
      return res.json<Days>();
    };
    /** What a calendar would count from the full list: free start times per city date. */
    const countedFromSlots = async (
      serviceId: string,
      locationId: string | null,
      from: string,
      to: string,
    ) => {
      const counts = new Map<string, number>();
      for (const slot of await h.slots(serviceId, locationId, from, to)) {
        const date = slot.start.slice(0, 10); // in city time, as the offset says
        counts.set(date, (counts.get(date) ?? 0) + 1);
      }
      return [...counts].map(([date, free]) => ({ date, free }));
    };

    it('counts the free times of GET /slots per city date, leaves days without any out, and gives the window', async () => {
      const location = await h.setUpLocation({
        counters: 1,
        durationMinutes: 30,
        slotIntervalMinutes: 30,
        hours: [[1, '08:00', '10:00']],
      });
      const citizen = h.citizen();
      const booked = await h.request('POST', '/appointments', {
        token: citizen.token,
        body: { serviceId: location.serviceId, locationId: location.id, start: '2026-12-07T08:30:00+01:00' },
      });
      expect(booked.statusCode).toBe(201);

      const answer = await days(location.serviceId, location.id, '2026-11-25', '2027-01-25');
      // Mondays only, 4 times each; the booked one is gone; a booking window of 60 days from today
      expect(answer.items.slice(0, 3)).toEqual([
        { date: '2026-11-30', free: 4 },
        { date: '2026-12-07', free: 3 },
        { date: '2026-12-14', free: 4 },
      ]);
      expect(answer.items.every((day) => day.free > 0)).toBe(true);
      expect(answer.items.at(-1)?.date).toBe('2027-01-18');
      expect(answer.items).toEqual(
        await countedFromSlots(location.serviceId, location.id, '2026-11-25', '2027-01-25'),
      );
      expect({ from: answer.bookableFrom, until: answer.bookableUntil }).toEqual({
        from: '2026-11-25',
        until: '2027-01-24',
      });
      // a weekend alone: nothing free, an empty list (not days with 0)
      expect((await days(location.serviceId, location.id, '2026-11-28', '2026-11-29')).items).toEqual([]);
    });

    it('adds up every offering location when locationId is absent, also across the change to summer time', async () => {
      const serviceId = '0192f0e0-0000-7000-8000-000000000444';
      await h.setUpLocation({ serviceId, hours: [[1, '08:00', '09:00']], bookingWindowDays: 200 });
      await h.setUpLocation({ serviceId, hours: [[1, '08:30', '09:30']], bookingWindowDays: 200 });
      const answer = await days(serviceId, null, '2027-03-20', '2027-04-06');
      expect(answer.items).toEqual(await countedFromSlots(serviceId, null, '2027-03-20', '2027-04-06'));
      expect(answer.items.map((day) => day.date)).toEqual(['2027-03-22', '2027-04-05']); // Ostermontag 29th
    });

    it('may be kept for two seconds (ETag, 304 on revalidation); the times to pick from are never kept', async () => {
      const location = await h.setUpLocation({ counters: 1, hours: [[2, '08:00', '09:00']] });
      const url = `/slots/days?serviceId=${location.serviceId}&locationId=${location.id}&from=2026-12-01&to=2026-12-31`;
      const first = await h.request('GET', url);
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('public, max-age=2');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect((await h.request('GET', url, { headers: { 'if-none-match': etag } })).statusCode).toBe(304);

      // a booking changes the counts, so the entity tag (a revalidation gets the new answer)
      const booked = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: { serviceId: location.serviceId, locationId: location.id, start: '2026-12-08T08:00:00+01:00' },
      });
      expect(booked.statusCode).toBe(201);
      const after = await h.request('GET', url, { headers: { 'if-none-match': etag } });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);

      const times = await h.request(
        'GET',
        `/slots?serviceId=${location.serviceId}&locationId=${location.id}&from=2026-12-08&to=2026-12-08`,
      );
      expect(times.statusCode).toBe(200);
      expect(times.headers['cache-control']).toBe('no-store');
      expect(times.headers.etag).toBeUndefined();
    });

    it('refuses what GET /slots refuses, with the same 422', async () => {
      const long = await h.request(
        'GET',
        `/slots/days?serviceId=${weekdays.serviceId}&from=2026-12-01&to=2027-02-02`,
      );
      expect(long.statusCode).toBe(422);
      expect(long.json<Problem>().errors).toEqual([{ field: 'to', message: expect.stringContaining('62') }]);
      const missing = await h.request('GET', '/slots/days?from=2026-12-01&to=2026-12-01');
      expect(missing.statusCode).toBe(422);
      expect(missing.json<Problem>().errors?.[0]?.field).toBe('serviceId');
    });
  });

  describe('across the change to and from summer time', () => {
    let dst: SetUpLocation;

    beforeAll(async () => {
      dst = await h.setUpLocation({
        counters: 1,
        durationMinutes: 60,
        slotIntervalMinutes: 60,
        bookingWindowDays: 730,
        hours: [
          [7, '00:00', '06:00'],
          [2, '08:00', '09:00'],
          [4, '08:00', '09:00'],
        ],
      });
    });

    it('has one hour less on the last Sunday of March (02:00 does not exist)', async () => {
      const slots = await h.slots(dst.serviceId, dst.id, '2027-03-28', '2027-03-28');
      expect(slots.map((s) => s.start)).toEqual([
        '2027-03-28T00:00:00.000+01:00',
        '2027-03-28T01:00:00.000+01:00',
        '2027-03-28T03:00:00.000+02:00',
        '2027-03-28T04:00:00.000+02:00',
        '2027-03-28T05:00:00.000+02:00',
      ]);
      expect(slots[1]?.end).toBe('2027-03-28T03:00:00.000+02:00'); // one real hour
    });

    it('has one hour more on the last Sunday of October (02:00 happens twice)', async () => {
      const slots = await h.slots(dst.serviceId, dst.id, '2027-10-31', '2027-10-31');
      expect(slots.map((s) => s.start)).toEqual([
        '2027-10-31T00:00:00.000+02:00',
        '2027-10-31T01:00:00.000+02:00',
        '2027-10-31T02:00:00.000+02:00',
        '2027-10-31T02:00:00.000+01:00',
        '2027-10-31T03:00:00.000+01:00',
        '2027-10-31T04:00:00.000+01:00',
        '2027-10-31T05:00:00.000+01:00',
      ]);
    });

    it('keeps wall-clock opening hours on the days around the change, and books in the new offset', async () => {
      // Easter 2027 is the same weekend: Karfreitag (26th) and Ostermontag (29th) are closed
      expect(await h.slots(dst.serviceId, dst.id, '2027-03-26', '2027-03-29')).toHaveLength(5);
      expect((await h.slots(dst.serviceId, dst.id, '2027-03-25', '2027-03-25'))[0]?.start).toBe(
        '2027-03-25T08:00:00.000+01:00',
      );
      expect((await h.slots(dst.serviceId, dst.id, '2027-03-30', '2027-03-30'))[0]?.start).toBe(
        '2027-03-30T08:00:00.000+02:00',
      );
      const citizen = h.citizen();
      const booked = await h.request('POST', '/appointments', {
        token: citizen.token,
        body: { serviceId: dst.serviceId, locationId: dst.id, start: '2027-03-28T01:00:00Z' }, // 03:00 CEST
      });
      expect(booked.statusCode).toBe(201);
      expect(booked.json()).toMatchObject({
        start: '2027-03-28T03:00:00.000+02:00',
        end: '2027-03-28T04:00:00.000+02:00',
      });
      const after = await h.slots(dst.serviceId, dst.id, '2027-03-28', '2027-03-28');
      expect(after.map((s) => s.start)).not.toContain('2027-03-28T03:00:00.000+02:00');
      expect(after).toHaveLength(4);
    });
  });

  describe('catalogue read model from catalogue.service-changed', () => {
    it('names offered services, hides inactive ones, and ignores an older event arriving late', async () => {
      const location = await h.setUpLocation();
      const serviceId = location.serviceId;
      const change = (active: boolean, name: string) => ({
        serviceId,
        slug: 'personalausweis',
        name: { de: name, en: `${name} (en)` },
        appointmentRequired: true,
        onlineApplication: false,
        active,
      });
      await h.deliver(
        'catalogue.service-changed',
        serviceId,
        change(true, 'Personalausweis'),
        '2026-11-20T10:00:00.000Z',
      );
      const admin = await h.admin('GET', `/admin/locations/${location.id}/services`);
      expect(admin.json<{ items: { name: unknown }[] }>().items[0]?.name).toEqual({
        de: 'Personalausweis',
        en: 'Personalausweis (en)',
      });

      await h.deliver(
        'catalogue.service-changed',
        serviceId,
        change(false, 'Personalausweis'),
        '2026-11-22T10:00:00.000Z',
      );
      const hidden = await h.request(
        'GET',
        `/slots?serviceId=${serviceId}&locationId=${location.id}&from=2026-11-30&to=2026-11-30`,
      );
      expect(hidden.json()).toEqual({ items: [], bookableFrom: null, bookableUntil: null });
      const list = await h.request('GET', '/locations');
      expect(
        list.json<{ items: { id: string; serviceIds: string[] }[] }>().items.find((l) => l.id === location.id)
          ?.serviceIds,
      ).toEqual([]);
      const booking = await h.request('POST', '/appointments', {
        token: h.citizen().token,
        body: { serviceId, locationId: location.id, start: '2026-11-30T08:00:00+01:00' },
      });
      expect(booking.statusCode).toBe(422);

      await h.deliver(
        'catalogue.service-changed',
        serviceId,
        change(true, 'Alt'),
        '2026-11-21T10:00:00.000Z',
      );
      expect(await h.slots(serviceId, location.id, '2026-11-30', '2026-11-30')).toEqual([]);

      await h.deliver(
        'catalogue.service-changed',
        serviceId,
        change(true, 'Personalausweis neu'),
        '2026-11-23T10:00:00.000Z',
      );
      expect(await h.slots(serviceId, location.id, '2026-11-30', '2026-11-30')).toHaveLength(16);
    });
  });
});
