import { DEMO_SERVICE_IDS, type EventPayloads } from '@buergeramt/contracts';
import { v4 as uuidv4 } from 'uuid';
import { HousekeepingProcessor } from '../src/housekeeping/housekeeping.processor';
import { Harness, MELDEBESCHEINIGUNG, validDraft } from './support/harness';

const DAY = 86_400_000;
const PERSO = DEMO_SERVICE_IDS.personalausweis;
type Person = { id: string; token: string };

/** A Meldebescheinigung of a fresh citizen, submitted a day before `decidedAt` and decided then. */
async function decidedCase(
  h: Harness,
  clerk: Person,
  decidedAt: Date,
): Promise<{ id: string; citizen: Person }> {
  const citizen = h.citizen();
  h.setNow(new Date(decidedAt.getTime() - DAY));
  const id = await validDraft(h, citizen.token);
  expect((await h.as(citizen.token, 'POST', `/applications/${id}/submit`)).statusCode).toBe(200);
  await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
  h.setNow(decidedAt);
  const res = await h.as(clerk.token, 'POST', `/applications/${id}/decide`, {
    outcome: 'approved',
    reason: 'ok',
  });
  expect(res.statusCode).toBe(200);
  return { id, citizen };
}

function ticket(locationId: string, completedAt: Date): EventPayloads['ticket.completed'] {
  return {
    ticketId: uuidv4(),
    locationId,
    serviceId: PERSO,
    kind: 'appointment',
    arrivedAt: new Date(completedAt.getTime() - 30 * 60_000).toISOString(),
    calledAt: new Date(completedAt.getTime() - 10 * 60_000).toISOString(),
    completedAt: completedAt.toISOString(),
    waitMinutes: 20,
    serviceMinutes: 10,
  };
}

describe('GET /transparency: the online share over 90 days (settable clock)', () => {
  let h: Harness;
  let clerk: Person;
  const NOW = new Date('2026-06-15T10:00:00.000Z');
  const office = uuidv4();

  beforeAll(async () => {
    h = await Harness.boot();
    clerk = h.staff('clerk');
  });

  afterAll(async () => {
    await h?.close();
  });

  const onlineShare = async (): Promise<{ share: number; cases: number } | null> => {
    h.setNow(NOW);
    const res = await h.inject('/transparency');
    expect(res.statusCode).toBe(200);
    return res.json<{ onlineShare: { share: number; cases: number } | null }>().onlineShare;
  };

  it('is decided online cases / (those + counter cases), as the check counts them, over 90 days, and needs 5 online cases', async () => {
    // served at the office: two yesterday, one 89 days ago; one 91 days ago is outside the window
    for (const days of [1, 1, 89, 91])
      await h.feed('ticket.completed', ticket(office, new Date(NOW.getTime() - days * DAY)), 'appointments');
    await h.drain();
    // four decided online within the window, one 91 days ago: not enough online cases yet
    for (const days of [10, 10, 10, 20]) await decidedCase(h, clerk, new Date(NOW.getTime() - days * DAY));
    await decidedCase(h, clerk, new Date(NOW.getTime() - 91 * DAY));
    // a case in review and a withdrawn one are no handled cases
    const open = await decidedCase(h, clerk, new Date(NOW.getTime() - 5 * DAY));
    await h.query(
      `UPDATE applications SET status = 'in_review', decided_at = NULL, decision = NULL WHERE id = $1`,
      [open.id],
    );
    expect(await onlineShare()).toBeNull();

    // the fifth, 89 days ago: 5 online of 5 + 3 served at the office
    await decidedCase(h, clerk, new Date(NOW.getTime() - 89 * DAY));
    expect(await onlineShare()).toEqual({ share: 0.625, cases: 8 });

    // a sixth: 6 / 9
    const sixth = await decidedCase(h, clerk, new Date(NOW.getTime() - 2 * DAY));
    expect(await onlineShare()).toEqual({ share: 0.667, cases: 9 });

    // its applicant then comes to an appointment for it: a visit, but no case of its own (the
    // digitalisation check's definition), so the share stays 6 / 9 (not 6 / 10)
    const appointmentId = uuidv4();
    const visitedAt = new Date(NOW.getTime() - DAY).toISOString();
    await h.feed(
      'appointment.completed',
      {
        appointmentId,
        reference: `T-${appointmentId.slice(0, 8).toUpperCase()}`,
        serviceId: MELDEBESCHEINIGUNG,
        locationId: office,
        start: visitedAt,
        end: visitedAt,
        userId: sixth.citizen.id,
        contact: null,
        manageToken: null,
        completedAt: visitedAt,
      },
      'appointments',
    );
    await h.feed(
      'ticket.completed',
      { ...ticket(office, new Date(visitedAt)), serviceId: MELDEBESCHEINIGUNG },
      'appointments',
    );
    await h.drain();
    expect(await onlineShare()).toEqual({ share: 0.667, cases: 9 });
    // and the check, over the same 90 days, says the same
    const check = await h.as(
      h.staff('supervisor').token,
      'GET',
      '/stats/digitalisation?from=2026-03-18&to=2026-06-15',
    );
    expect(check.json<{ totals: { onlineShare: number } }>().totals.onlineShare).toBe(0.667);

    // three days on, the cases of 89 days ago have left the window (the ticket and one decision)
    h.setNow(new Date(NOW.getTime() + 2 * DAY));
    const later = (await h.inject('/transparency')).json<{
      onlineShare: { share: number; cases: number } | null;
    }>();
    expect(later.onlineShare).toEqual({ share: 0.714, cases: 7 });
  });
});

describe('GET /transparency with TRANSPARENCY_CACHE_SECONDS (the default 60)', () => {
  let h: Harness;
  let clerk: Person;
  const NOW = new Date('2026-06-15T10:00:00.000Z');

  beforeAll(async () => {
    h = await Harness.boot({ TRANSPARENCY_CACHE_SECONDS: '60' });
    clerk = h.staff('clerk');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is computed once a minute per language: the same answer and ETag (304) meanwhile, then fresh', async () => {
    h.setNow(NOW);
    const first = await h.inject('/transparency');
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    // a case decided meanwhile shows only once the minute is over
    await decidedCase(h, clerk, new Date(NOW.getTime() - DAY));
    h.setNow(new Date(NOW.getTime() + 59_000));
    const again = await h.inject({ url: '/transparency', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    const english = await h.inject({ url: '/transparency', headers: { 'accept-language': 'en' } });
    expect(english.headers.etag).not.toBe(etag);
    h.setNow(new Date(NOW.getTime() + 61_000));
    const fresh = await h.inject({ url: '/transparency', headers: { 'if-none-match': etag } });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json<{ generatedAt: string }>().generatedAt).toBe(
      new Date(NOW.getTime() + 61_000).toISOString(),
    );
  });
});

describe('feedback: logged-in owners, not before the end, and /stats/feedback filters (settable clock)', () => {
  let h: Harness;
  let clerk: Person;
  let supervisor: string;
  const L1 = uuidv4();
  const L2 = uuidv4();

  const completed = async (userId: string, locationId: string, serviceId = PERSO): Promise<string> => {
    const appointmentId = uuidv4();
    const start = new Date('2026-03-01T08:00:00.000Z').toISOString();
    await h.feed(
      'appointment.completed',
      {
        appointmentId,
        reference: `T-${appointmentId.slice(0, 4)}`,
        serviceId,
        locationId,
        start,
        end: start,
        userId,
        contact: null,
        manageToken: null,
        completedAt: start,
      },
      'appointments',
    );
    return appointmentId;
  };

  const rate = (
    token: string | null,
    subjectType: 'appointment' | 'application',
    subjectId: string,
    rating: number,
    comment?: string,
  ) => h.as(token, 'POST', '/feedback', { subjectType, subjectId, rating, ...(comment ? { comment } : {}) });

  beforeAll(async () => {
    h = await Harness.boot();
    clerk = h.staff('clerk');
    supervisor = h.staff('supervisor').token;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('the logged-in person served rates an appointment once; others and anonymous callers get 404', async () => {
    const owner = h.citizen();
    const office = uuidv4();
    const appointmentId = await completed(owner.id, office);
    await h.drain();
    h.setNow('2026-01-15T10:00:00.000Z');
    expect((await rate(h.citizen().token, 'appointment', appointmentId, 5)).statusCode).toBe(404);
    expect((await rate(null, 'appointment', appointmentId, 5)).statusCode).toBe(404);
    expect((await rate(clerk.token, 'appointment', appointmentId, 5)).statusCode).toBe(404);
    const res = await rate(owner.token, 'appointment', appointmentId, 4, '  Schnell dran.  ');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      subjectType: 'appointment',
      subjectId: appointmentId,
      rating: 4,
      createdAt: '2026-01-15T10:00:00.000Z',
    });
    expect((await rate(owner.token, 'appointment', appointmentId, 1)).json()).toMatchObject({
      status: 409,
      type: 'feedback-exists',
    });
    // stored without the person
    const [row] = await h.query(`SELECT * FROM feedback WHERE subject_id = $1`, [appointmentId]);
    expect(JSON.stringify(row)).not.toContain(owner.id);
    expect(row).toMatchObject({ location_id: office, service_id: PERSO, comment: 'Schnell dran.' });
  });

  it('before the end: 409 feedback-not-allowed for a case not decided and for a booked appointment not served yet', async () => {
    const citizen = h.citizen();
    const id = await validDraft(h, citizen.token);
    expect((await rate(citizen.token, 'application', id, 5)).json()).toMatchObject({
      status: 409,
      type: 'feedback-not-allowed',
    });
    await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
    expect((await rate(citizen.token, 'application', id, 5)).json()).toMatchObject({
      type: 'feedback-not-allowed',
    });
    await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
    expect((await rate(citizen.token, 'application', id, 5)).json()).toMatchObject({
      type: 'feedback-not-allowed',
    });
    // withdrawn: ended, but nothing was decided
    await h.as(citizen.token, 'POST', `/applications/${id}/withdraw`);
    expect((await rate(citizen.token, 'application', id, 5)).json()).toMatchObject({
      type: 'feedback-not-allowed',
    });
    expect(await h.query(`SELECT 1 FROM feedback WHERE subject_id = $1`, [id])).toHaveLength(0);
    // an appointment booked but not served yet: refused as such for its owner, unknown to anyone else
    const appointmentId = uuidv4();
    const start = new Date(Date.now() + 3 * DAY).toISOString();
    const booking = {
      appointmentId,
      reference: `T-${appointmentId.slice(0, 4)}`,
      serviceId: PERSO,
      locationId: uuidv4(),
      start,
      end: start,
      userId: citizen.id,
      contact: null,
      manageToken: null,
    };
    await h.feed('appointment.booked', booking, 'appointments');
    await h.drain();
    expect((await rate(citizen.token, 'appointment', appointmentId, 5)).json()).toMatchObject({
      status: 409,
      type: 'feedback-not-allowed',
    });
    expect((await rate(h.citizen().token, 'appointment', appointmentId, 5)).statusCode).toBe(404);
    expect((await rate(citizen.token, 'appointment', uuidv4(), 5)).statusCode).toBe(404);
    // once served it may be rated, and the booking is forgotten
    await h.feed('appointment.completed', { ...booking, completedAt: start }, 'appointments');
    await h.drain();
    expect((await rate(citizen.token, 'appointment', appointmentId, 5)).statusCode).toBe(201);
    expect(
      await h.query(`SELECT 1 FROM booked_appointments WHERE appointment_id = $1`, [appointmentId]),
    ).toHaveLength(0);
  });

  it('forgets bookings never served 30 days after their time, and on account deletion', async () => {
    const citizen = h.citizen();
    const base = Date.parse('2026-02-01T09:00:00.000Z');
    const book = async (userId: string, start: number): Promise<string> => {
      const appointmentId = uuidv4();
      const at = new Date(start).toISOString();
      await h.feed(
        'appointment.booked',
        {
          appointmentId,
          reference: `T-${appointmentId.slice(0, 4)}`,
          serviceId: PERSO,
          locationId: uuidv4(),
          start: at,
          end: at,
          userId,
          contact: null,
          manageToken: null,
        },
        'appointments',
      );
      return appointmentId;
    };
    const old = await book(citizen.id, base);
    const recent = await book(citizen.id, base + 20 * DAY);
    const other = h.citizen();
    const others = await book(other.id, base + 20 * DAY);
    await h.drain();
    h.setNow(new Date(base + 31 * DAY));
    const result = await h.get(HousekeepingProcessor).run();
    expect(result.bookingsPruned).toBe(1);
    const left = async (): Promise<string[]> =>
      (
        await h.query<{ appointment_id: string }>(
          `SELECT appointment_id FROM booked_appointments WHERE appointment_id = ANY ($1::uuid[])`,
          [[old, recent, others]],
        )
      ).map((r) => r.appointment_id);
    expect((await left()).sort()).toEqual([recent, others].sort());
    await h.feed('identity.account-deleted', { userId: other.id }, 'identity');
    await h.drain();
    expect(await left()).toEqual([recent]);
  });

  it('/stats/feedback: period, service and location filters, distribution, weeks, comments', async () => {
    const people = [h.citizen(), h.citizen(), h.citizen(), h.citizen()] as const;
    const appts = [
      await completed(people[0].id, L1),
      await completed(people[1].id, L2),
      await completed(people[2].id, L1),
      await completed(people[3].id, L2),
    ] as const;
    await h.drain();
    const decided = await decidedCase(h, clerk, new Date('2026-03-06T10:00:00.000Z'));
    const give = async (at: string, res: () => ReturnType<typeof rate>): Promise<void> => {
      h.setNow(at);
      expect((await res()).statusCode).toBe(201);
    };
    // week 10 (from Monday 2 March): 5 at L1, 3 at L2; week 11: 4 at L1, 2 for the online case
    await give('2026-03-02T10:00:00.000Z', () =>
      rate(people[0].token, 'appointment', appts[0], 5, 'Sehr freundlich'),
    );
    await give('2026-03-04T10:00:00.000Z', () => rate(people[1].token, 'appointment', appts[1], 3));
    await give('2026-03-10T10:00:00.000Z', () => rate(people[2].token, 'appointment', appts[2], 4));
    await give('2026-03-11T10:00:00.000Z', () =>
      rate(decided.citizen.token, 'application', decided.id, 2, 'Zu langsam'),
    );
    // in April (summer time), at L2
    await give('2026-04-20T10:00:00.000Z', () => rate(people[3].token, 'appointment', appts[3], 1));
    h.setNow('2026-04-30T10:00:00.000Z');

    const stats = async (query: string): Promise<Record<string, unknown>> => {
      const res = await h.as(supervisor, 'GET', `/stats/feedback?${query}`);
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    expect(await stats('from=2026-03-01&to=2026-03-31')).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      count: 4,
      averageRating: 3.5,
      distribution: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 },
      byWeek: [
        { week: '2026-W10', weekStart: '2026-03-02', count: 2, averageRating: 4 },
        { week: '2026-W11', weekStart: '2026-03-09', count: 2, averageRating: 3 },
      ],
      comments: [
        {
          rating: 2,
          comment: 'Zu langsam',
          subjectType: 'application',
          serviceId: MELDEBESCHEINIGUNG,
          serviceName: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
          locationId: null,
          locationName: null,
          createdAt: '2026-03-11T10:00:00.000Z',
        },
        {
          rating: 5,
          comment: 'Sehr freundlich',
          subjectType: 'appointment',
          serviceId: PERSO,
          serviceName: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
          locationId: L1,
          locationName: null, // the office's location.changed never arrived here
          createdAt: '2026-03-02T10:00:00.000Z',
        },
      ],
      previous: { from: '2026-01-29', to: '2026-02-28', count: 0, averageRating: null },
      byService: [
        {
          serviceId: MELDEBESCHEINIGUNG,
          name: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
          count: 1,
          averageRating: 2,
          previousCount: 0,
          previousAverageRating: null,
        },
        {
          serviceId: PERSO,
          name: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
          count: 3,
          averageRating: 4,
          previousCount: 0,
          previousAverageRating: null,
        },
      ],
      byLocation: expect.arrayContaining([
        {
          locationId: L1,
          name: null,
          count: 2,
          averageRating: 4.5,
          previousCount: 0,
          previousAverageRating: null,
        },
        {
          locationId: L2,
          name: null,
          count: 1,
          averageRating: 3,
          previousCount: 0,
          previousAverageRating: null,
        },
      ]),
    });
    // April at L2, compared with the 30 days before (2 to 31 March): 1 against 3
    expect(await stats(`from=2026-04-01&to=2026-04-30&locationId=${L2}`)).toMatchObject({
      count: 1,
      previous: { from: '2026-03-02', to: '2026-03-31', count: 1, averageRating: 3 },
      byService: [
        { serviceId: PERSO, count: 1, averageRating: 1, previousCount: 1, previousAverageRating: 3 },
      ],
      byLocation: [
        { locationId: L2, count: 1, averageRating: 1, previousCount: 1, previousAverageRating: 3 },
      ],
    });
    expect(await stats(`from=2026-03-01&to=2026-03-31&locationId=${L1}`)).toMatchObject({
      count: 2,
      averageRating: 4.5,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 },
    });
    expect(await stats(`serviceId=${MELDEBESCHEINIGUNG}`)).toMatchObject({
      count: 1,
      averageRating: 2,
      byWeek: [{ week: '2026-W11', count: 1, averageRating: 2 }],
    });
    // default period: the 90 days up to today (from 31 January), so April counts
    expect(await stats(`serviceId=${PERSO}&locationId=${L2}`)).toMatchObject({
      from: '2026-01-31',
      to: '2026-04-30',
      count: 2,
      averageRating: 2,
      byWeek: [
        { week: '2026-W10', count: 1, averageRating: 3 },
        { week: '2026-W17', weekStart: '2026-04-20', count: 1, averageRating: 1 },
      ],
    });
    // both ends are whole Berlin days
    expect(await stats('from=2026-03-05&to=2026-03-10')).toMatchObject({ count: 1, averageRating: 4 });
    expect(await stats('from=2026-03-11&to=2026-03-11')).toMatchObject({ count: 1, averageRating: 2 });
    expect(await stats('from=2026-05-01&to=2026-05-31')).toMatchObject({
      count: 0,
      averageRating: null,
      byWeek: [],
      comments: [],
    });
    expect((await h.as(supervisor, 'GET', '/stats/feedback?locationId=nope')).statusCode).toBe(422);
    expect((await h.as(clerk.token, 'GET', '/stats/feedback')).statusCode).toBe(403);
  });
});
