import { Harness, MELDE_DATA, validDraft } from './support/harness';

interface App {
  id: string;
  status: string;
  data: unknown;
  documentIds: string[];
  assignee: string | null;
  infoRequest: string | null;
  updatedAt: string;
}

type Person = { id: string; token: string };
type State = 'draft' | 'submitted' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';

/** What a refused request must leave as it was. */
interface Snapshot {
  row: Record<string, unknown>;
  transitions: number;
  outbox: number;
  messages: number;
  audit: string[];
}

describe('workflow guards over HTTP: not-editable, invalid-transition, who may do what', () => {
  let h: Harness;
  let clerk: Person;
  let supervisor: Person;

  beforeAll(async () => {
    h = await Harness.boot();
    clerk = h.staff('clerk');
    supervisor = h.staff('supervisor');
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A case of a fresh citizen brought to `state` through the API only (no SQL shortcuts). */
  async function caseIn(state: State): Promise<{ id: string; citizen: Person }> {
    const citizen = h.citizen();
    const id = await validDraft(h, citizen.token);
    const ok = async (token: string, action: string, body?: unknown): Promise<void> => {
      const res = await h.as(token, 'POST', `/applications/${id}/${action}`, body);
      if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
    };
    if (state === 'draft') return { id, citizen };
    if (state === 'withdrawn') {
      await ok(citizen.token, 'submit');
      await ok(citizen.token, 'withdraw');
      return { id, citizen };
    }
    await ok(citizen.token, 'submit');
    if (state === 'submitted') return { id, citizen };
    await ok(clerk.token, 'assign', { assigneeId: 'me' });
    if (state === 'in_review') return { id, citizen };
    await ok(clerk.token, 'decide', {
      outcome: state,
      reason: state === 'approved' ? 'Alles vollständig.' : 'Nicht zuständig.',
    });
    return { id, citizen };
  }

  async function snapshot(id: string): Promise<Snapshot> {
    const [row] = await h.query(
      `SELECT status, data, document_ids, assignee_id, info_request, decision, updated_at, submitted_at
       FROM applications WHERE id = $1`,
      [id],
    );
    const count = async (sql: string): Promise<number> =>
      (await h.query<{ n: number }>(sql, [id]))[0]?.n ?? -1;
    return {
      row: row ?? {},
      transitions: await count(
        `SELECT count(*)::int AS n FROM application_transitions WHERE application_id = $1`,
      ),
      outbox: await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1`),
      messages: await count(`SELECT count(*)::int AS n FROM application_messages WHERE application_id = $1`),
      audit: (
        await h.query<{ action: string }>(
          `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at, id`,
          [id],
        )
      ).map((r) => r.action),
    };
  }

  describe('PATCH /applications/{id} only while draft or info_requested', () => {
    it.each(['submitted', 'in_review', 'approved', 'rejected', 'withdrawn'] as const)(
      'refuses the owner with 409 not-editable in %s and changes nothing',
      async (state) => {
        const { id, citizen } = await caseIn(state);
        const doc = await h.cleanDocument(citizen.id);
        await h.drain();
        const before = await snapshot(id);
        const res = await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
          data: { ...MELDE_DATA, purpose: 'Geändert' },
          documentIds: [doc],
        });
        expect(res.statusCode).toBe(409);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ status: 409, type: 'not-editable' });
        expect(await snapshot(id)).toEqual(before);
        expect((await h.as(citizen.token, 'GET', `/applications/${id}`)).json<App>()).toMatchObject({
          status: state,
          data: MELDE_DATA,
          documentIds: [],
        });
      },
    );

    it('accepts the edit again once information is requested', async () => {
      const { id, citizen } = await caseIn('in_review');
      await h.as(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Zweck?' });
      const res = await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
        data: { ...MELDE_DATA, purpose: 'Kindergeld' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<App>()).toMatchObject({ status: 'info_requested', data: { purpose: 'Kindergeld' } });
    });
  });

  describe('refused transitions: 409 invalid-transition, no change, no timeline row, no event', () => {
    const cases: [string, State, 'owner' | 'supervisor' | 'clerk'][] = [
      ['withdraw', 'rejected', 'owner'],
      ['withdraw', 'approved', 'owner'],
      ['submit', 'submitted', 'owner'],
      ['submit', 'withdrawn', 'owner'],
      ['submit', 'rejected', 'owner'],
      ['request-info', 'approved', 'supervisor'],
      ['request-info', 'rejected', 'supervisor'],
      ['request-info', 'withdrawn', 'supervisor'],
      ['assign', 'withdrawn', 'clerk'],
      ['assign', 'rejected', 'clerk'],
      ['assign', 'approved', 'supervisor'],
    ];

    it.each(cases)('%s on a case in status %s (by the %s)', async (action, state, who) => {
      const { id, citizen } = await caseIn(state);
      const token = who === 'owner' ? citizen.token : who === 'clerk' ? clerk.token : supervisor.token;
      const body =
        action === 'request-info'
          ? { message: 'Bitte ergänzen.' }
          : action === 'assign'
            ? { assigneeId: 'me' }
            : undefined;
      const before = await snapshot(id);
      const res = await h.as(token, 'POST', `/applications/${id}/${action}`, body, {
        'idempotency-key': `guard-${id}`,
      });
      expect(res.statusCode).toBe(409);
      // the current status is named in an extension member (`status` is the HTTP status, RFC 9457)
      expect(res.json()).toMatchObject({ status: 409, type: 'invalid-transition', currentStatus: state });
      expect(await snapshot(id)).toEqual(before);
      // a refused submit stores no Idempotency-Key: the key is still free
      expect(await h.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [`guard-${id}`])).toHaveLength(0);
    });

    it.each([
      [
        'withdraw',
        'approved',
        'Ein Antrag im Status „bewilligt“ kann nicht zurückgezogen werden.',
        'An application with the status "approved" cannot be withdrawn.',
      ],
      [
        'decide',
        'rejected',
        'Ein Antrag im Status „abgelehnt“ kann nicht bewilligt werden.',
        'An application with the status "rejected" cannot be approved.',
      ],
      [
        'submit',
        'submitted',
        'Ein Antrag im Status „eingereicht“ kann nicht eingereicht werden.',
        'An application with the status "submitted" cannot be submitted.',
      ],
      [
        'request-info',
        'withdrawn',
        'Zu einem Antrag im Status „zurückgezogen“ kann keine Rückfrage gestellt werden.',
        'Information cannot be requested for an application with the status "withdrawn".',
      ],
      [
        'assign',
        'approved',
        'Ein Antrag im Status „bewilligt“ kann niemandem zugewiesen werden.',
        'An application with the status "approved" cannot be assigned.',
      ],
      [
        'review',
        'in_review',
        'Ein Antrag im Status „in Bearbeitung“ kann nicht in Bearbeitung genommen werden.',
        'An application with the status "in review" cannot be taken into review.',
      ],
    ] as const)(
      '%s on a case in status %s says why in a sentence, in German by default and in English when asked',
      async (action, state, de, en) => {
        const { id, citizen } = await caseIn(state);
        const token = action === 'submit' || action === 'withdraw' ? citizen.token : supervisor.token;
        const body =
          action === 'decide'
            ? { outcome: 'approved', reason: 'Alles da.' }
            : action === 'request-info'
              ? { message: 'Bitte ergänzen.' }
              : action === 'assign'
                ? { assigneeId: 'me' }
                : undefined;
        const url = `/applications/${id}/${action}`;
        const german = await h.as(token, 'POST', url, body);
        const english = await h.as(token, 'POST', url, body, { 'accept-language': 'en-GB,en;q=0.9' });
        expect(german.json()).toMatchObject({
          status: 409,
          type: 'invalid-transition',
          currentStatus: state,
          detail: de,
        });
        expect(english.json()).toMatchObject({
          status: 409,
          type: 'invalid-transition',
          currentStatus: state,
          detail: en,
        });
      },
    );

    it('an edit of a case under review is refused in a sentence too, in both languages', async () => {
      const { id, citizen } = await caseIn('in_review');
      const url = `/applications/${id}`;
      expect((await h.as(citizen.token, 'PATCH', url, { data: MELDE_DATA })).json()).toMatchObject({
        type: 'not-editable',
        currentStatus: 'in_review',
        detail: 'Ein Antrag im Status „in Bearbeitung“ kann nicht geändert werden.',
      });
      expect(
        (await h.as(citizen.token, 'PATCH', url, { data: MELDE_DATA }, { 'accept-language': 'en' })).json(),
      ).toMatchObject({ detail: 'An application with the status "in review" cannot be changed.' });
    });

    it('assign on a draft is 404 for staff (drafts are invisible), like every other staff access', async () => {
      const { id } = await caseIn('draft');
      const res = await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      expect(res.statusCode).toBe(404);
    });
  });

  describe('access', () => {
    it('request-info by a client with applications:write is allowed and recorded as the client', async () => {
      const { id, citizen } = await caseIn('in_review');
      const writer = h.client(['applications:write']);
      const res = await h.as(writer, 'POST', `/applications/${id}/request-info`, {
        message: 'Bitte Geburtsurkunde nachreichen.',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<App>()).toMatchObject({
        status: 'info_requested',
        infoRequest: 'Bitte Geburtsurkunde nachreichen.',
      });
      const thread = (await h.as(citizen.token, 'GET', `/applications/${id}/messages`)).json<{
        items: { body: string; fromStaff: boolean; authorRole: string }[];
      }>();
      expect(thread.items).toEqual([
        expect.objectContaining({
          body: 'Bitte Geburtsurkunde nachreichen.',
          fromStaff: true,
          authorRole: 'client',
        }),
      ]);
      const timeline = (await h.as(citizen.token, 'GET', `/applications/${id}/timeline`)).json<{
        items: { from: string; to: string; actorRole: string }[];
      }>();
      expect(timeline.items.at(-1)).toMatchObject({
        from: 'in_review',
        to: 'info_requested',
        actorRole: 'client',
      });
      expect(await h.outbox('application.info-requested', id)).toHaveLength(1);
      const audit = await h.query<{ action: string; actor_type: string }>(
        `SELECT action, actor_type FROM audit_log WHERE target_id = $1 AND action = 'application.info-requested'`,
        [id],
      );
      expect(audit).toEqual([{ action: 'application.info-requested', actor_type: 'client' }]);
      // a client that may only read may not
      const reader = h.client(['applications:read']);
      expect(
        (await h.as(reader, 'POST', `/applications/${id}/request-info`, { message: 'x' })).statusCode,
      ).toBe(403);
    });

    it('request-info by a clerk who is not the assignee: 403 not-assignee, nothing changed', async () => {
      const { id } = await caseIn('in_review');
      const otherClerk = h.staff('clerk');
      const before = await snapshot(id);
      const res = await h.as(otherClerk.token, 'POST', `/applications/${id}/request-info`, {
        message: 'Bitte ergänzen.',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ status: 403, type: 'not-assignee' });
      expect(await snapshot(id)).toEqual(before);
      // the assignee may
      expect(
        (await h.as(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Bitte ergänzen.' }))
          .statusCode,
      ).toBe(200);
    });

    it("another citizen's timeline is 404; a staff timeline read is audited, the owner's is not", async () => {
      const { id, citizen } = await caseIn('submitted');
      const stranger = h.citizen();
      const res = await h.as(stranger.token, 'GET', `/applications/${id}/timeline`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ type: 'not-found' });
      expect((await h.as(null, 'GET', `/applications/${id}/timeline`)).statusCode).toBe(401);

      expect((await h.as(citizen.token, 'GET', `/applications/${id}/timeline`)).statusCode).toBe(200);
      const staffRead = await h.as(clerk.token, 'GET', `/applications/${id}/timeline`);
      expect(staffRead.statusCode).toBe(200);
      expect(staffRead.json<{ items: { to: string }[] }>().items.map((e) => e.to)).toEqual([
        'draft',
        'submitted',
      ]);
      const audit = await h.query<{ actor_id: string; actor_role: string; actor_type: string }>(
        `SELECT actor_id, actor_role, actor_type FROM audit_log
         WHERE target_id = $1 AND action = 'application.timeline-read'`,
        [id],
      );
      expect(audit).toEqual([{ actor_id: clerk.id, actor_role: 'clerk', actor_type: 'user' }]);
    });

    it('assign: a citizen (even the owner) and machine clients get 403; nothing changes', async () => {
      const { id, citizen } = await caseIn('submitted');
      const before = await snapshot(id);
      for (const token of [
        citizen.token,
        h.citizen().token,
        h.client(['applications:read']),
        h.client(['applications:write']),
        h.client(['applications:read', 'applications:write']),
      ]) {
        const res = await h.as(token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ status: 403, type: 'forbidden' });
      }
      expect(await snapshot(id)).toEqual(before);
      expect(
        (await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' })).json<App>(),
      ).toMatchObject({ status: 'in_review', assignee: clerk.id });
    });
  });
});
