import { bulkyWasteService, ITEMS_FORM } from './support/fixtures';
import { Harness, MELDEBESCHEINIGUNG, validDraft } from './support/harness';

/** A service of its own (target: 5 working days), so that the figures rest on this file's cases only. */
const SERVICE = bulkyWasteService('stats-sperrmuell');
const FORM = ITEMS_FORM;

interface Stats {
  from: string;
  to: string;
  serviceId: string | null;
  submitted: number;
  decided: number;
  approved: number;
  rejected: number;
  withdrawn: number;
  processingDays: { median: number | null; p90: number | null };
  withinTargetShare: number | null;
  openBacklog: number;
  overdue: number;
  byWeek: {
    week: string;
    weekStart: string;
    submitted: number;
    decided: number;
    medianProcessingDays: number | null;
  }[];
}

// Monday 2 February 2026, 09:00 in Esslingen (CET); due 5 working days later: end of Monday 9 February
const SUBMIT = '2026-02-02T08:00:00.000Z';
const at = (iso: string, days: number): string => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

describe('GET /stats/applications with fixed times (own service and cases, settable clock)', () => {
  let h: Harness;
  let clerk: { id: string; token: string };
  let supervisor: string;
  let serviceId: string;

  beforeAll(async () => {
    h = await Harness.boot();
    clerk = h.staff('clerk');
    supervisor = h.staff('supervisor').token;
    const admin = h.staff('admin').token;
    const created = await h.as(admin, 'POST', '/admin/services', SERVICE);
    expect(created.statusCode).toBe(201);
    serviceId = created.json<{ id: string }>().id;
    expect((await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, FORM)).statusCode).toBe(201);

    /** A case submitted (and put in review) at `submitAt`; returns its id. */
    const caseAt = async (submitAt: string, service = serviceId): Promise<{ id: string; token: string }> => {
      h.setNow(submitAt);
      const citizen = h.citizen();
      const id =
        service === serviceId
          ? await (async () => {
              const draft = await h.as(citizen.token, 'POST', '/applications', { serviceId });
              const draftId = draft.json<{ id: string }>().id;
              await h.as(citizen.token, 'PATCH', `/applications/${draftId}`, {
                data: { items: 'Sofa, Tisch' },
              });
              return draftId;
            })()
          : await validDraft(h, citizen.token);
      const submitted = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      if (submitted.statusCode !== 200) throw new Error(`submit: ${submitted.body}`);
      return { id, token: citizen.token };
    };
    const decideAt = async (
      id: string,
      decidedAt: string,
      outcome: 'approved' | 'rejected',
    ): Promise<void> => {
      await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      h.setNow(decidedAt);
      const res = await h.as(clerk.token, 'POST', `/applications/${id}/decide`, {
        outcome,
        reason: 'Geprüft.',
      });
      if (res.statusCode !== 200) throw new Error(`decide: ${res.body}`);
    };

    // January: one case, decided the next day (outside a February period)
    const g = await caseAt('2026-01-12T08:00:00.000Z');
    await decideAt(g.id, '2026-01-13T08:00:00.000Z', 'approved');
    // February, all submitted on Monday the 2nd: decided after 1, 2, 3 and 10 days (the last one late)
    for (const [days, outcome] of [
      [1, 'approved'],
      [2, 'approved'],
      [3, 'rejected'],
      [10, 'approved'],
    ] as const) {
      const c = await caseAt(SUBMIT);
      await decideAt(c.id, at(SUBMIT, days), outcome);
    }
    // one stays in review (overdue after the 9th), one is withdrawn at 00:30 on the 3rd Berlin time
    const open = await caseAt(SUBMIT);
    h.setNow(SUBMIT);
    await h.as(clerk.token, 'POST', `/applications/${open.id}/assign`, { assigneeId: 'me' });
    const gone = await caseAt(SUBMIT);
    h.setNow('2026-02-02T23:30:00.000Z');
    expect((await h.as(gone.token, 'POST', `/applications/${gone.id}/withdraw`)).statusCode).toBe(200);
    // another service's case in the same days, decided after one day
    const other = await caseAt(SUBMIT, MELDEBESCHEINIGUNG);
    await decideAt(other.id, at(SUBMIT, 1), 'approved');

    h.setNow('2026-02-20T11:00:00.000Z');
  });

  afterAll(async () => {
    await h?.close();
  });

  const stats = async (query: string): Promise<Stats> => {
    const res = await h.as(supervisor, 'GET', `/stats/applications?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json<Stats>();
  };

  it('February for the service: counts, median and p90, share within target, backlog, overdue, weeks', async () => {
    expect(await stats(`from=2026-02-01&to=2026-02-28&serviceId=${serviceId}`)).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
      serviceId,
      submitted: 6,
      decided: 4,
      approved: 3,
      rejected: 1,
      withdrawn: 1,
      // 1, 2, 3, 10 days: median 2.5; p90 (interpolated) 3 + 0.7 × 7 = 7.9
      processingDays: { median: 2.5, p90: 7.9 },
      // the decision after 10 days missed the due date (end of 9 February)
      withinTargetShare: 0.75,
      openBacklog: 1,
      overdue: 1,
      byWeek: [
        { week: '2026-W06', weekStart: '2026-02-02', submitted: 6, decided: 3, medianProcessingDays: 2 },
        { week: '2026-W07', weekStart: '2026-02-09', submitted: 0, decided: 1, medianProcessingDays: 10 },
      ],
    });
  });

  it('filters by period (Berlin days, both ends inclusive) and by service', async () => {
    const january = await stats(`from=2026-01-01&to=2026-01-31&serviceId=${serviceId}`);
    expect(january).toMatchObject({
      submitted: 1,
      decided: 1,
      withdrawn: 0,
      processingDays: { median: 1, p90: 1 },
      withinTargetShare: 1,
      byWeek: [
        { week: '2026-W03', weekStart: '2026-01-12', submitted: 1, decided: 1, medianProcessingDays: 1 },
      ],
    });
    // backlog and overdue are about now, whatever the period
    expect(january).toMatchObject({ openBacklog: 1, overdue: 1 });

    // the withdrawal at 23:30 UTC on the 2nd is on the 3rd in Esslingen
    expect(await stats(`from=2026-02-02&to=2026-02-02&serviceId=${serviceId}`)).toMatchObject({
      submitted: 6,
      decided: 0,
      withdrawn: 0,
      processingDays: { median: null, p90: null },
      withinTargetShare: null,
    });
    expect(await stats(`from=2026-02-03&to=2026-02-03&serviceId=${serviceId}`)).toMatchObject({
      submitted: 0,
      decided: 1,
      withdrawn: 1,
      processingDays: { median: 1, p90: 1 },
    });

    // without the service filter the other service's case counts too
    expect(await stats('from=2026-02-01&to=2026-02-28')).toMatchObject({
      serviceId: null,
      submitted: 7,
      decided: 5,
      approved: 4,
      withdrawn: 1,
      processingDays: { median: 2 },
      withinTargetShare: 0.8,
    });
    expect(await stats(`from=2026-02-01&to=2026-02-28&serviceId=${MELDEBESCHEINIGUNG}`)).toMatchObject({
      submitted: 1,
      decided: 1,
      openBacklog: 0,
      overdue: 0,
    });
  });

  it('defaults to the 90 days up to today of the clock; before the due date nothing is overdue', async () => {
    h.setNow('2026-02-05T12:00:00.000Z');
    const early = await stats(`serviceId=${serviceId}`);
    // statuses are those of now: the backlog is the one open case, not yet past its due date
    expect(early).toMatchObject({ from: '2025-11-08', to: '2026-02-05', openBacklog: 1, overdue: 0 });
    h.setNow('2026-02-20T11:00:00.000Z');
    expect(await stats(`serviceId=${serviceId}`)).toMatchObject({ from: '2025-11-23', to: '2026-02-20' });
  });

  it('refuses bad periods (422) and non-supervisors (403)', async () => {
    expect(
      (await h.as(supervisor, 'GET', '/stats/applications?from=2026-03-01&to=2026-02-01')).statusCode,
    ).toBe(422);
    expect(
      (await h.as(supervisor, 'GET', '/stats/applications?from=2024-01-01&to=2026-02-01')).statusCode,
    ).toBe(422);
    expect((await h.as(clerk.token, 'GET', '/stats/applications')).statusCode).toBe(403);
    expect((await h.as(h.client(['applications:read']), 'GET', '/stats/applications')).statusCode).toBe(403);
  });
});
