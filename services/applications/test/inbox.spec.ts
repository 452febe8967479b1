import { v4 as uuidv4 } from 'uuid';
import { Harness, MELDE_DATA, MELDEBESCHEINIGUNG, PARKAUSWEIS, validDraft } from './support/harness';

const PARK_DATA = {
  applicant: { givenName: 'Max', familyName: 'Muster', birthDate: '1975-01-31' },
  address: { street: 'Ritterstraße', houseNumber: '17', postalCode: '73728', city: 'Esslingen am Neckar' },
  zone: 'Innenstadt A',
  licencePlate: 'ES-AB 1234',
  vehicleHolder: 'self',
};

interface App {
  id: string;
  status: string;
  assignee: string | null;
  dueAt: string | null;
  answerReceived?: boolean;
}
interface Page {
  items: App[];
  nextCursor: string | null;
}
interface Counts {
  total: number;
  status: Record<string, number>;
  assignee: { me: number; none: number; any: number };
  overdue: number;
  answered: number;
  services: { serviceId: string; count: number }[];
}

/**
 * The back office's inbox (issue 17): the "answer received" rule, counts per filter in one query, the
 * order by due date with its cursor, the staff to assign to, and the supervisors' audit trail. A harness
 * of its own (a fresh schema), so the counts are exact.
 */
describe('applications: the staff inbox (real Postgres and Redis)', () => {
  let h: Harness;
  let clerk: { id: string; token: string };
  let colleague: { id: string; token: string };
  let supervisor: { id: string; token: string };
  /** the service's clock, stepped one minute per act so that "later" is never a tie */
  let now = Date.parse('2026-03-02T08:00:00Z');
  const tick = (): void => {
    now += 60_000;
    h.setNow(new Date(now));
  };

  beforeAll(async () => {
    h = await Harness.boot();
    h.setNow(new Date(now));
    clerk = h.staff('clerk');
    colleague = h.staff('clerk');
    supervisor = h.staff('supervisor');
    for (const [person, givenName, familyName, role] of [
      [clerk, 'Carla', 'Clerk', 'clerk'],
      [colleague, 'Anton', 'Amt', 'clerk'],
      [supervisor, 'Sina', 'Supervisor', 'supervisor'],
    ] as const) {
      await h.feed(
        'identity.profile-changed',
        {
          userId: person.id,
          email: `${person.id}@example.org`,
          givenName,
          familyName,
          locale: 'de',
          roles: [role],
        },
        'identity',
      );
    }
    await h.feed(
      'identity.profile-changed',
      {
        userId: uuidv4(),
        email: 'r@example.org',
        givenName: 'Rita',
        familyName: 'Resident',
        locale: 'de',
        roles: ['citizen'],
      },
      'identity',
    );
    await h.drain();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function submitted(
    service: 'melde' | 'park' = 'melde',
  ): Promise<{ id: string; citizen: { id: string; token: string } }> {
    const citizen = h.citizen();
    let id: string;
    if (service === 'melde') id = await validDraft(h, citizen.token);
    else {
      const created = await h.as(citizen.token, 'POST', '/applications', { serviceId: PARKAUSWEIS });
      id = created.json<{ id: string }>().id;
      const documentId = await h.cleanDocument(citizen.id);
      await h.drain();
      const patch = { data: PARK_DATA, documentIds: [documentId] };
      expect((await h.as(citizen.token, 'PATCH', `/applications/${id}`, patch)).statusCode).toBe(200);
    }
    tick();
    const res = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
    expect(res.statusCode).toBe(200);
    return { id, citizen };
  }

  async function ok<T>(
    token: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: unknown,
  ): Promise<T> {
    tick();
    const res = await h.as(token, method, url, body);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  }

  const answered = async (id: string): Promise<boolean | undefined> =>
    (await ok<App>(clerk.token, 'GET', `/applications/${id}`)).answerReceived;
  const answeredIds = async (): Promise<string[]> =>
    (await ok<Page>(clerk.token, 'GET', '/applications?answered=true&limit=100')).items.map((a) => a.id);

  describe('answer received', () => {
    it('is a resubmission after a request for information, until the office takes the case up again', async () => {
      const { id, citizen } = await submitted();
      // nobody at the office acted yet: the first submission answers nothing
      expect(await answered(id)).toBe(false);
      await ok(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      await ok(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Bitte Nachweis.' });
      expect(await answered(id)).toBe(false);
      await ok(citizen.token, 'PATCH', `/applications/${id}`, { data: { ...MELDE_DATA, kind: 'einfach' } });
      // editing alone is no answer yet
      expect(await answered(id)).toBe(false);
      await ok(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(await answered(id)).toBe(true);
      expect(await answeredIds()).toContain(id);
      // the list says so too, for staff only
      const inbox = await ok<Page>(clerk.token, 'GET', '/applications?limit=100');
      expect(inbox.items.find((a) => a.id === id)?.answerReceived).toBe(true);
      const own = await ok<Page>(citizen.token, 'GET', '/applications');
      expect(own.items[0]).not.toHaveProperty('answerReceived');
      expect(await ok<App>(citizen.token, 'GET', `/applications/${id}`)).not.toHaveProperty('answerReceived');
      // the clerk takes the resubmission into review: acted on
      await ok(clerk.token, 'POST', `/applications/${id}/review`);
      expect(await answered(id)).toBe(false);
      expect(await answeredIds()).not.toContain(id);
    });

    it("is a resident's message after the office's latest act, until staff write or change the status", async () => {
      const { id, citizen } = await submitted();
      // a message before anybody at the office acted answers nothing
      await ok(citizen.token, 'POST', `/applications/${id}/messages`, { body: 'Noch eine Frage.' });
      expect(await answered(id)).toBe(false);
      await ok(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      expect(await answered(id)).toBe(false);
      await ok(citizen.token, 'POST', `/applications/${id}/messages`, { body: 'Haben Sie alles?' });
      expect(await answered(id)).toBe(true);
      await ok(clerk.token, 'POST', `/applications/${id}/messages`, { body: 'Ja, danke.' });
      expect(await answered(id)).toBe(false);
      // while the office waits for information, a message of the resident is an answer too
      await ok(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Bitte Nachweis.' });
      await ok(citizen.token, 'POST', `/applications/${id}/messages`, { body: 'Kommt morgen.' });
      expect(await answered(id)).toBe(true);
      // a decided case has nothing left to answer
      await ok(citizen.token, 'POST', `/applications/${id}/submit`);
      await ok(clerk.token, 'POST', `/applications/${id}/review`);
      await ok(citizen.token, 'POST', `/applications/${id}/messages`, { body: 'Danke!' });
      expect(await answered(id)).toBe(true);
      await ok(clerk.token, 'POST', `/applications/${id}/decide`, { outcome: 'approved', reason: 'Passt.' });
      expect(await answered(id)).toBe(false);
    });
  });

  describe('counts, filters and order', () => {
    /** the cases of this block, on top of those above (all decided or in review by now) */
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      // clear the slate: earlier cases of this file are withdrawn or decided, counted below as such
      const before = await h.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM applications GROUP BY status ORDER BY status`,
      );
      expect(before).toEqual([
        { status: 'approved', n: 1 },
        { status: 'in_review', n: 1 },
      ]);
      ids.unassigned = (await submitted()).id;
      ids.parkUnassigned = (await submitted('park')).id;
      ids.mine = (await submitted()).id;
      await ok(clerk.token, 'POST', `/applications/${ids.mine}/assign`, { assigneeId: 'me' });
      ids.theirs = (await submitted('park')).id;
      await ok(supervisor.token, 'POST', `/applications/${ids.theirs}/assign`, { assigneeId: colleague.id });
      const answer = await submitted();
      ids.answered = answer.id;
      await ok(clerk.token, 'POST', `/applications/${ids.answered}/assign`, { assigneeId: 'me' });
      await ok(answer.citizen.token, 'POST', `/applications/${ids.answered}/messages`, { body: 'Hier.' });
      const withdrawn = await submitted();
      ids.withdrawn = withdrawn.id;
      await ok(withdrawn.citizen.token, 'POST', `/applications/${ids.withdrawn}/withdraw`);
      // a draft is never in the inbox
      await validDraft(h, h.citizen().token);
      // one overdue: the due date of the unassigned park case has passed
      await h.query(`UPDATE applications SET due_at = $2 WHERE id = $1`, [
        ids.parkUnassigned,
        new Date(now - 86_400_000),
      ]);
    });

    it('counts every facet with the other filters in one answer', async () => {
      const all = await ok<Counts>(clerk.token, 'GET', '/applications/counts');
      // 2 from above (approved, in_review, the latter assigned to the clerk) + 6 here
      expect(all).toEqual({
        total: 8,
        status: {
          open: 6,
          submitted: 2,
          in_review: 4,
          info_requested: 0,
          approved: 1,
          rejected: 0,
          withdrawn: 1,
        },
        // mine: the case above in review, ids.mine, ids.answered, the approved one
        assignee: { me: 4, none: 3, any: 5 },
        overdue: 1,
        answered: 1,
        // ordered by service id
        services: [
          { serviceId: MELDEBESCHEINIGUNG, count: 6 },
          { serviceId: PARKAUSWEIS, count: 2 },
        ].sort((a, b) => a.serviceId.localeCompare(b.serviceId)),
      });
      // with filters: each facet keeps the others, not its own
      const open = await ok<Counts>(
        clerk.token,
        'GET',
        `/applications/counts?status=open&assignee=none&serviceId=${PARKAUSWEIS}`,
      );
      expect(open.total).toBe(1);
      expect(open.status).toMatchObject({ open: 1, submitted: 1, in_review: 0, withdrawn: 0 });
      expect(open.assignee).toEqual({ me: 0, none: 1, any: 1 });
      expect(open.overdue).toBe(1);
      expect(open.services).toEqual(
        expect.arrayContaining([
          { serviceId: PARKAUSWEIS, count: 1 },
          { serviceId: MELDEBESCHEINIGUNG, count: 1 },
        ]),
      );
      const answeredOnly = await ok<Counts>(clerk.token, 'GET', '/applications/counts?answered=true');
      expect(answeredOnly).toMatchObject({ total: 1, assignee: { me: 1, none: 0, any: 1 }, answered: 1 });
      // "me" is whoever asks
      const theirs = await ok<Counts>(colleague.token, 'GET', '/applications/counts?assignee=me');
      expect(theirs).toMatchObject({ total: 1, assignee: { me: 1 } });
    });

    it('the list filters the same way: any assignee, open cases, answered', async () => {
      const list = async (query: string): Promise<string[]> =>
        (await ok<Page>(clerk.token, 'GET', `/applications?limit=100&${query}`)).items
          .map((a) => a.id)
          .sort();
      expect(await list(`status=open&assignee=none&serviceId=${PARKAUSWEIS}`)).toEqual([ids.parkUnassigned]);
      expect(await list('assignee=any&status=open')).toHaveLength(4);
      expect(await list('answered=true')).toEqual([ids.answered]);
      expect(await list('answered=true&assignee=none')).toEqual([]);
      expect(await list('overdue=true')).toEqual([ids.parkUnassigned]);
      expect(await list('status=withdrawn')).toEqual([ids.withdrawn]);
    });

    it('sorts by due date, soonest first, a page at a time, and keeps the filter', async () => {
      const seen: App[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await ok<Page>(
          clerk.token,
          'GET',
          `/applications?sort=due&status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((a) => a.id).sort()).toEqual(
        (await ok<Page>(clerk.token, 'GET', '/applications?status=open&limit=100')).items
          .map((a) => a.id)
          .sort(),
      );
      expect(new Set(seen.map((a) => a.id)).size).toBe(6);
      expect(seen.every((a) => ['submitted', 'in_review', 'info_requested'].includes(a.status))).toBe(true);
      const dues = seen.map((a) => Date.parse(a.dueAt!));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect(seen[0]?.id).toBe(ids.parkUnassigned);
    });

    it('refuses what it cannot read: bad filters, a cursor of the other order, citizens asking for counts', async () => {
      const newest = await ok<Page>(clerk.token, 'GET', '/applications?limit=1');
      const bad = await h.as(clerk.token, 'GET', `/applications?sort=due&cursor=${newest.nextCursor}`);
      expect(bad.statusCode).toBe(422);
      expect(bad.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('cursor');
      const byDue = await ok<Page>(clerk.token, 'GET', '/applications?limit=1&sort=due');
      expect((await h.as(clerk.token, 'GET', `/applications?cursor=${byDue.nextCursor}`)).statusCode).toBe(
        422,
      );
      for (const query of ['answered=maybe', 'sort=oldest', 'status=lost', 'assignee=someone']) {
        const res = await h.as(clerk.token, 'GET', `/applications/counts?${query}`);
        expect(res.statusCode).toBe(422);
        expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(query.split('=')[0]);
      }
      expect((await h.as(clerk.token, 'GET', '/applications?answered=maybe')).statusCode).toBe(422);
      expect((await h.as(h.citizen().token, 'GET', '/applications/counts')).statusCode).toBe(403);
      expect((await h.as(null, 'GET', '/applications/counts')).statusCode).toBe(401);
    });
  });

  describe('staff to assign to', () => {
    it('lists the staff known from identity by name, without residents; not for residents', async () => {
      const staff = await ok<{
        items: { id: string; givenName: string; familyName: string; roles: string[] }[];
      }>(clerk.token, 'GET', '/applications/staff');
      expect(staff.items.map((p) => `${p.familyName}:${p.roles.join()}`)).toEqual([
        'Amt:clerk',
        'Clerk:clerk',
        'Supervisor:supervisor',
      ]);
      expect(staff.items[1]).toEqual({
        id: clerk.id,
        givenName: 'Carla',
        familyName: 'Clerk',
        roles: ['clerk'],
      });
      expect((await h.as(h.citizen().token, 'GET', '/applications/staff')).statusCode).toBe(403);
    });
  });

  describe('audit trail', () => {
    it('shows supervisors every read and change of the case, with names; nobody else', async () => {
      const { id, citizen } = await submitted();
      await ok(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      await ok(clerk.token, 'GET', `/applications/${id}`);
      await ok(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Bitte Nachweis.' });
      const trail = await ok<{
        items: {
          action: string;
          actorRole: string | null;
          actorId: string | null;
          actorName: string | null;
          details: object;
        }[];
        nextCursor: string | null;
      }>(supervisor.token, 'GET', `/applications/${id}/audit`);
      // assigning a submitted case takes it into review (a timeline entry, not an audit entry of its own)
      expect(trail.items.map((e) => e.action)).toEqual([
        'application.assigned',
        'application.read',
        'application.message-posted',
        'application.info-requested',
      ]);
      expect(trail.items[0]).toMatchObject({
        actorRole: 'clerk',
        actorId: clerk.id,
        actorName: 'Carla Clerk',
        details: { assigneeId: clerk.id },
      });
      // paging, and the supervisor's reading is recorded
      const first = await ok<{ items: { action: string }[]; nextCursor: string }>(
        supervisor.token,
        'GET',
        `/applications/${id}/audit?limit=2`,
      );
      expect(first.items).toHaveLength(2);
      const rest = await ok<{ items: { action: string }[] }>(
        supervisor.token,
        'GET',
        `/applications/${id}/audit?limit=100&cursor=${first.nextCursor}`,
      );
      expect(rest.items.map((e) => e.action)).toContain('application.audit-read');
      expect((await h.as(clerk.token, 'GET', `/applications/${id}/audit`)).statusCode).toBe(403);
      expect((await h.as(citizen.token, 'GET', `/applications/${id}/audit`)).statusCode).toBe(403);
      const draft = await validDraft(h, citizen.token);
      expect((await h.as(supervisor.token, 'GET', `/applications/${draft}/audit`)).statusCode).toBe(404);
      expect((await h.as(supervisor.token, 'GET', `/applications/${uuidv4()}/audit`)).statusCode).toBe(404);
    });
  });
});
