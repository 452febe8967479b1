import type { EventPayloads } from '@buergeramt/contracts';
import { v4 as uuidv4 } from 'uuid';
import { bulkyWasteService, ITEMS_FORM } from './support/fixtures';
import { Harness } from './support/harness';

interface Figures {
  onlineCases: number;
  counterVisits: number;
  counterCases: number;
  onlineShare: number | null;
  visitsSaved: number;
  staffHoursSaved: number;
  staffEurosSaved: number;
  residentHoursSaved: number;
  casesWithoutCostModel: number;
  processingDays: { median: number | null; p90: number | null };
  withinTargetShare: number | null;
}
interface Backlog {
  at: string;
  open: number;
  overdue: number;
  ageDays: { median: number | null; p90: number | null };
  oldestDays: number | null;
  services: {
    serviceId: string;
    name: { de: string } | null;
    open: number;
    overdue: number;
    ageDays: { median: number | null; p90: number | null };
    oldestDays: number | null;
  }[];
}
interface Check {
  from: string;
  to: string;
  granularity: string;
  totals: Figures;
  previous: Figures & { from: string; to: string };
  periods: (Figures & { start: string })[];
  services: (Figures & { serviceId: string; name: { de: string } | null; hasCostModel: boolean })[];
  backlog: Backlog;
  previousBacklog: Backlog;
}

const COST_MODEL = {
  counterStaffMinutes: 15,
  onlineStaffMinutes: 6,
  counterResidentMinutes: 75,
  onlineResidentMinutes: 15,
  staffHourlyRate: 60,
};
const OFFICE = uuidv4();
const OTHER_OFFICE = uuidv4();

describe('GET /stats/digitalisation: the digitalisation check (own services and cases, settable clock)', () => {
  let h: Harness;
  let supervisor: string;
  let withModel: string;
  let withoutModel: string;
  const saved: { citizen: string } = { citizen: '' };

  beforeAll(async () => {
    h = await Harness.boot();
    supervisor = h.staff('supervisor').token;
    const clerk = h.staff('clerk').token;
    const admin = h.staff('admin').token;
    const service = async (slug: string, costModel: typeof COST_MODEL | null): Promise<string> => {
      const created = await h.as(admin, 'POST', '/admin/services', { ...bulkyWasteService(slug), costModel });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      expect((await h.as(admin, 'POST', `/admin/services/${id}/forms`, ITEMS_FORM)).statusCode).toBe(201);
      return id;
    };
    withModel = await service('digital-mit-kosten', COST_MODEL);
    withoutModel = await service('digital-ohne-kosten', null);

    /** An online case of `serviceId` started and submitted at `startAt`, decided at `decideAt`. */
    const onlineCase = async (serviceId: string, startAt: string, decideAt: string) => {
      h.setNow(startAt);
      const citizen = h.citizen();
      const draft = await h.as(citizen.token, 'POST', '/applications', { serviceId });
      const id = draft.json<{ id: string }>().id;
      await h.as(citizen.token, 'PATCH', `/applications/${id}`, { data: { items: 'Sofa' } });
      expect((await h.as(citizen.token, 'POST', `/applications/${id}/submit`)).statusCode).toBe(200);
      await h.as(clerk, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      h.setNow(decideAt);
      const decided = await h.as(clerk, 'POST', `/applications/${id}/decide`, {
        outcome: 'approved',
        reason: 'Geprüft.',
      });
      expect(decided.statusCode).toBe(200);
      return citizen.id;
    };
    const ticket = (
      serviceId: string,
      locationId: string,
      completedAt: string,
    ): EventPayloads['ticket.completed'] => ({
      ticketId: uuidv4(),
      locationId,
      serviceId,
      kind: 'appointment',
      arrivedAt: completedAt,
      calledAt: completedAt,
      completedAt,
      waitMinutes: 5,
      serviceMinutes: 10,
    });
    const appointmentVisit = async (
      userId: string,
      serviceId: string,
      locationId: string,
      completedAt: string,
    ) => {
      const appointmentId = uuidv4();
      await h.feed(
        'appointment.completed',
        {
          appointmentId,
          reference: `T-${appointmentId.slice(0, 8).toUpperCase()}`,
          serviceId,
          locationId,
          start: completedAt,
          end: completedAt,
          userId,
          contact: null,
          manageToken: null,
          completedAt,
        },
        'appointments',
      );
      await h.feed('ticket.completed', ticket(serviceId, locationId, completedAt), 'appointments');
    };

    // November 2026: two online cases; the first needed no trip, the second's applicant came to the office
    saved.citizen = await onlineCase(withModel, '2026-11-03T08:00:00Z', '2026-11-05T08:00:00Z');
    const visited = await onlineCase(withModel, '2026-11-10T08:00:00Z', '2026-11-20T08:00:00Z');
    await appointmentVisit(visited, withModel, OFFICE, '2026-11-12T09:00:00Z');
    // three more visits at the counter for the service (two at the office, one elsewhere)
    for (const [office, at] of [
      [OFFICE, '2026-11-16T09:00:00Z'],
      [OFFICE, '2026-11-23T09:00:00Z'],
      [OTHER_OFFICE, '2026-11-24T09:00:00Z'],
    ] as const)
      await h.feed('ticket.completed', ticket(withModel, office, at), 'appointments');
    // one case submitted late in November and still open at its end (the backlog)
    h.setNow('2026-11-25T08:00:00Z');
    const waiting = h.citizen();
    const open = (await h.as(waiting.token, 'POST', '/applications', { serviceId: withModel })).json<{
      id: string;
    }>();
    await h.as(waiting.token, 'PATCH', `/applications/${open.id}`, { data: { items: 'Tisch' } });
    expect((await h.as(waiting.token, 'POST', `/applications/${open.id}/submit`)).statusCode).toBe(200);
    // a case of the service without a cost model submitted on 2 November, still open and overdue at the
    // end of the month (the backlog per service)
    h.setNow('2026-11-02T08:00:00Z');
    const late = h.citizen();
    const stuck = (await h.as(late.token, 'POST', '/applications', { serviceId: withoutModel })).json<{
      id: string;
    }>();
    await h.as(late.token, 'PATCH', `/applications/${stuck.id}`, { data: { items: 'Schrank' } });
    expect((await h.as(late.token, 'POST', `/applications/${stuck.id}/submit`)).statusCode).toBe(200);
    // a service without a cost model: one online case in November
    await onlineCase(withoutModel, '2026-11-02T08:00:00Z', '2026-11-04T08:00:00Z');
    // October (the previous period of November): one online case, one visit
    await onlineCase(withModel, '2026-10-19T08:00:00Z', '2026-10-20T08:00:00Z');
    await h.feed('ticket.completed', ticket(withModel, OFFICE, '2026-10-15T09:00:00Z'), 'appointments');
    await h.drain();
    h.setNow('2026-12-06T10:00:00Z');
  });

  afterAll(async () => {
    await h?.close();
  });

  const check = async (query: string): Promise<Check> => {
    const res = await h.as(supervisor, 'GET', `/stats/digitalisation?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json<Check>();
  };

  it('counts online cases, counter cases, the online share, visits saved and the time saved', async () => {
    const result = await check(`from=2026-11-01&to=2026-11-30&serviceId=${withModel}`);
    expect(result.totals).toEqual({
      onlineCases: 2,
      counterVisits: 4,
      counterCases: 3, // the visit for the second online case is part of that case
      onlineShare: 0.4,
      visitsSaved: 1,
      staffHoursSaved: 0.3, // 2 × (15 − 6) min
      staffEurosSaved: 18, // 0.3 h × 60 €
      residentHoursSaved: 2, // 2 × (75 − 15) min
      casesWithoutCostModel: 0,
      processingDays: { median: 6, p90: 9.2 }, // 2 and 10 days
      withinTargetShare: 0.5, // the second took 8 working days of 5
    });
    expect(result.periods).toEqual([{ start: '2026-11-01', ...result.totals }]);
    // the case submitted on 25 November is open at the end of the month, 5 days 16 h old, not yet overdue
    const waiting = { open: 1, overdue: 0, ageDays: { median: 5.6, p90: 5.6 }, oldestDays: 5.6 };
    expect(result.backlog).toEqual({
      at: '2026-11-30T23:00:00.000Z',
      ...waiting,
      services: [
        { serviceId: withModel, name: expect.objectContaining({ de: 'Sperrmüll anmelden' }), ...waiting },
      ],
    });
    expect(result.previousBacklog).toMatchObject({
      at: '2026-10-31T23:00:00.000Z',
      open: 0,
      oldestDays: null,
    });
    expect(result.previous).toMatchObject({
      from: '2026-10-02',
      to: '2026-10-31',
      onlineCases: 1,
      counterVisits: 1,
      onlineShare: 0.5,
      processingDays: { median: 1, p90: 1 },
      withinTargetShare: 1,
    });
  });

  it('gives the backlog per service, at the end of the period and of the one before', async () => {
    const result = await check('from=2026-11-01&to=2026-11-30');
    const mine = (b: Backlog) =>
      b.services
        .filter((s) => [withModel, withoutModel].includes(s.serviceId))
        .map(({ serviceId, open, overdue, ageDays, oldestDays }) => ({
          service: serviceId === withModel ? 'with' : 'without',
          open,
          overdue,
          ageDays,
          oldestDays,
        }))
        .sort((a, b) => a.service.localeCompare(b.service));
    expect(mine(result.backlog)).toEqual([
      // submitted on 25 November: 5 days 15 h at the end of the month, due in 5 working days
      { service: 'with', open: 1, overdue: 0, ageDays: { median: 5.6, p90: 5.6 }, oldestDays: 5.6 },
      // submitted on 2 November: 28 days 15 h, past its due date
      { service: 'without', open: 1, overdue: 1, ageDays: { median: 28.6, p90: 28.6 }, oldestDays: 28.6 },
    ]);
    // the services' rows add up to the total (the per-service figures are of the same open cases)
    expect(result.backlog.services.reduce((sum, s) => sum + s.open, 0)).toBe(result.backlog.open);
    expect(result.backlog.services.reduce((sum, s) => sum + s.overdue, 0)).toBe(result.backlog.overdue);
    // neither was open at the end of October
    expect(mine(result.previousBacklog)).toEqual([]);
    // one office: no backlog, per service neither
    const office = await check(`from=2026-11-01&to=2026-11-30&locationId=${OFFICE}`);
    expect(office.backlog.services).toEqual([]);
  });

  it('gives every week of the period, empty ones too, Mondays first', async () => {
    const result = await check(`from=2026-11-01&to=2026-11-30&serviceId=${withModel}&granularity=week`);
    expect(result.periods.map((p) => [p.start, p.onlineCases, p.counterVisits])).toEqual([
      ['2026-10-26', 0, 0],
      ['2026-11-02', 1, 0],
      ['2026-11-09', 0, 1],
      ['2026-11-16', 1, 1],
      ['2026-11-23', 0, 2],
      ['2026-11-30', 0, 0],
    ]);
    expect(result.periods.map((p) => p.processingDays.median)).toEqual([null, 2, null, 10, null, null]);
  });

  it('for one office: its counter figures, no online share (online cases belong to no office)', async () => {
    const result = await check(`from=2026-11-01&to=2026-11-30&serviceId=${withModel}&locationId=${OFFICE}`);
    expect(result.totals).toMatchObject({
      onlineCases: 0,
      counterVisits: 3,
      counterCases: 2,
      onlineShare: null,
      processingDays: { median: null, p90: null },
      withinTargetShare: null,
    });
    expect(result.backlog).toMatchObject({ open: 0 });
  });

  it('lists the services; one without a cost model counts its cases but no savings', async () => {
    const result = await check('from=2026-11-01&to=2026-11-30');
    const mine = result.services.filter((s) => [withModel, withoutModel].includes(s.serviceId));
    expect(
      mine.map((s) => [
        s.serviceId,
        s.hasCostModel,
        s.onlineCases,
        s.staffHoursSaved,
        s.casesWithoutCostModel,
      ]),
    ).toEqual([
      [withModel, true, 2, 0.3, 0],
      [withoutModel, false, 1, 0, 1],
    ]);
    expect(result.totals.casesWithoutCostModel).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad queries (422) and people below supervisor (403)', async () => {
    expect((await h.as(supervisor, 'GET', '/stats/digitalisation?granularity=year')).statusCode).toBe(422);
    expect((await h.as(supervisor, 'GET', '/stats/digitalisation?locationId=nope')).statusCode).toBe(422);
    expect((await h.as(h.staff('clerk').token, 'GET', '/stats/digitalisation')).statusCode).toBe(403);
    expect((await h.as(h.citizen().token, 'GET', '/stats/digitalisation')).statusCode).toBe(403);
  });
});
