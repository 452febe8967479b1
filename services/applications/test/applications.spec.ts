import { FeedbackTokens } from '@buergeramt/platform';
import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { defined, waitFor } from '@buergeramt/testing';
import { v4 as uuidv4 } from 'uuid';
import { Harness, MELDE_DATA, MELDEBESCHEINIGUNG, PARKAUSWEIS, validDraft } from './support/harness';

interface App {
  id: string;
  status: string;
  reference: string | null;
  assignee: string | null;
  dueAt: string | null;
  formVersion: number;
  decision: { outcome: string; reason: string; documentId: string | null } | null;
}
interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

const PARK_DATA = {
  applicant: { givenName: 'Max', familyName: 'Muster', birthDate: '1975-01-31' },
  address: { street: 'Ritterstraße', houseNumber: '17', postalCode: '73728', city: 'Esslingen am Neckar' },
  zone: 'Innenstadt A',
  licencePlate: 'ES-AB 1234',
  vehicleHolder: 'self',
};

describe('applications: drafts, submission, workflow, access, messages (real Postgres and Redis)', () => {
  let h: Harness;
  let clerk: { id: string; token: string };
  let supervisor: { id: string; token: string };

  beforeAll(async () => {
    h = await Harness.boot({ APPLICATION_RETENTION_DAYS: '0' });
    clerk = h.staff('clerk');
    supervisor = h.staff('supervisor');
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A submitted case of a fresh citizen. */
  async function submitted(): Promise<{
    id: string;
    citizen: { id: string; token: string };
    reference: string;
  }> {
    const citizen = h.citizen();
    const id = await validDraft(h, citizen.token);
    const res = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
    expect(res.statusCode).toBe(200);
    return { id, citizen, reference: res.json<App>().reference! };
  }

  /** A case in review, assigned to `clerk`. */
  async function inReview(): Promise<{ id: string; citizen: { id: string; token: string } }> {
    const s = await submitted();
    expect(
      (await h.as(clerk.token, 'POST', `/applications/${s.id}/assign`, { assigneeId: 'me' })).statusCode,
    ).toBe(200);
    return s;
  }

  describe('drafts', () => {
    it('POST /applications creates a draft with the current form version', async () => {
      const citizen = h.citizen();
      const res = await h.as(citizen.token, 'POST', '/applications', { serviceId: MELDEBESCHEINIGUNG });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        serviceId: MELDEBESCHEINIGUNG,
        formVersion: 1,
        status: 'draft',
        data: {},
        documentIds: [],
        reference: null,
      });
    });

    it('refuses services without online application (409 not-online) and unknown services (422)', async () => {
      const citizen = h.citizen();
      const offline = await h.as(citizen.token, 'POST', '/applications', {
        serviceId: DEMO_SERVICE_IDS.personalausweis,
      });
      expect(offline.json()).toMatchObject({ status: 409, type: 'not-online' });
      const unknown = await h.as(citizen.token, 'POST', '/applications', { serviceId: uuidv4() });
      expect(unknown.json<Problem>().errors).toEqual([
        { field: 'serviceId', message: expect.any(String) as string },
      ]);
      expect((await h.as(null, 'POST', '/applications', { serviceId: MELDEBESCHEINIGUNG })).statusCode).toBe(
        401,
      );
      expect(
        (await h.as(clerk.token, 'POST', '/applications', { serviceId: MELDEBESCHEINIGUNG })).statusCode,
      ).toBe(403);
    });

    it('PATCH autosaves partial data for the owner only; a draft is invisible to others (404)', async () => {
      const citizen = h.citizen();
      const other = h.citizen();
      const id = (
        await h.as(citizen.token, 'POST', '/applications', { serviceId: MELDEBESCHEINIGUNG })
      ).json<App>().id;
      const saved = await h.as(citizen.token, 'PATCH', `/applications/${id}`, { data: { purpose: 'Ba' } });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ data: { purpose: 'Ba' } });
      // the autosave's answer (one UPDATE … RETURNING) is the case exactly as GET shows it
      expect(saved.json()).toEqual((await h.as(citizen.token, 'GET', `/applications/${id}`)).json());
      expect((await h.as(other.token, 'PATCH', `/applications/${id}`, { data: {} })).statusCode).toBe(404);
      expect((await h.as(clerk.token, 'PATCH', `/applications/${id}`, { data: {} })).statusCode).toBe(404);
      expect((await h.as(other.token, 'GET', `/applications/${id}`)).statusCode).toBe(404);
      expect((await h.as(clerk.token, 'GET', `/applications/${id}`)).statusCode).toBe(404);
      expect((await h.as(citizen.token, 'GET', `/applications/${id}`)).json()).toMatchObject({
        status: 'draft',
      });
      expect((await h.as(citizen.token, 'GET', `/applications/not-a-uuid`)).statusCode).toBe(404);
    });

    it("attaches only the owner's own, usable documents (the documents service's events say which)", async () => {
      const citizen = h.citizen();
      const other = h.citizen();
      const id = (await h.as(citizen.token, 'POST', '/applications', { serviceId: PARKAUSWEIS })).json<App>()
        .id;
      const foreign = await h.cleanDocument(other.id);
      const mine = await h.cleanDocument(citizen.id);
      const rejectedId = uuidv4();
      await h.feed('document.status-changed', {
        documentId: rejectedId,
        ownerId: citizen.id,
        status: 'rejected',
        mediaType: 'application/pdf',
      });
      await h.drain();
      const res = await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
        documentIds: [mine, foreign, rejectedId],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<Problem>().errors?.map((e) => e.field)).toEqual(['documentIds[1]', 'documentIds[2]']);
      const ok = await h.as(citizen.token, 'PATCH', `/applications/${id}`, { documentIds: [mine] });
      expect(ok.json()).toMatchObject({ documentIds: [mine] });
      // a deleted document leaves the draft
      await h.feed('document.deleted', { documentId: mine, ownerId: citizen.id });
      await h.drain();
      expect((await h.as(citizen.token, 'GET', `/applications/${id}`)).json()).toMatchObject({
        documentIds: [],
      });
    });
  });

  describe('submission', () => {
    it('validates against the form: 422 with one error per failing field, by the paths of the form', async () => {
      const citizen = h.citizen();
      const id = await validDraft(h, citizen.token, {
        applicant: { givenName: '', birthDate: '1980-02-31' },
        kind: 'irgendwas',
        email: 'kein-mail',
      });
      const res = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(res.statusCode).toBe(422);
      const problem = res.json<Problem>();
      expect(problem.type).toBe('validation-failed');
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(
        [
          'applicant.birthDate',
          'applicant.familyName',
          'applicant.givenName',
          'email',
          'kind',
          'purpose',
        ].sort(),
      );
      expect(problem.errors?.find((e) => e.field === 'purpose')?.message).toBe('ist ein Pflichtfeld');
      const en = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, {
        'accept-language': 'en',
      });
      expect(en.json<Problem>().errors?.find((e) => e.field === 'purpose')?.message).toBe('is required');
      expect((await h.as(citizen.token, 'GET', `/applications/${id}`)).json()).toMatchObject({
        status: 'draft',
      });
    });

    it('checks conditional fields and required documents; a document still being scanned is refused', async () => {
      const citizen = h.citizen();
      const id = (await h.as(citizen.token, 'POST', '/applications', { serviceId: PARKAUSWEIS })).json<App>()
        .id;
      await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
        data: { ...PARK_DATA, vehicleHolder: 'company' },
      });
      const missing = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(
        missing
          .json<Problem>()
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['documentIds', 'holderName']);

      const pending = uuidv4();
      await h.feed('document.status-changed', {
        documentId: pending,
        ownerId: citizen.id,
        status: 'pending_scan',
        mediaType: 'image/png',
      });
      await h.drain();
      await h.as(citizen.token, 'PATCH', `/applications/${id}`, { data: PARK_DATA, documentIds: [pending] });
      const scanning = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(scanning.json<Problem>().errors).toEqual([
        { field: 'documentIds[0]', message: expect.any(String) as string },
      ]);

      await h.feed('document.status-changed', {
        documentId: pending,
        ownerId: citizen.id,
        status: 'clean',
        mediaType: 'image/png',
      });
      await h.drain();
      const ok = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(ok.statusCode).toBe(200);
      const [event] = await h.outbox('application.submitted', id);
      expect(event?.data).toMatchObject({
        documentIds: [pending],
        ownerId: citizen.id,
        reference: ok.json<App>().reference,
      });
    });

    it('gives a reference PREFIX-YEAR-NNNNNN and a due date in working days', async () => {
      const { id, citizen, reference } = await submitted();
      expect(reference).toMatch(new RegExp(`^ESS-${new Date().getFullYear()}-\\d{6}$`));
      const app = (await h.as(citizen.token, 'GET', `/applications/${id}`)).json<App>();
      expect(new Date(app.dueAt!).getTime()).toBeGreaterThan(Date.now() + 2 * 24 * 3600 * 1000);
      const rows = await h.query<{ c: number }>(
        `SELECT count(*)::int AS c FROM applications WHERE reference = $1`,
        [reference],
      );
      expect(rows[0]?.c).toBe(1);
    });

    it('Idempotency-Key: the same key returns the first answer and does nothing again', async () => {
      const citizen = h.citizen();
      const id = await validDraft(h, citizen.token);
      const headers = { 'idempotency-key': `submit-${id}` };
      const first = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, headers);
      const again = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, headers);
      expect(first.statusCode).toBe(200);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      expect(await h.outbox('application.submitted', id)).toHaveLength(1);
      const transitions = await h.query(
        `SELECT 1 FROM application_transitions WHERE application_id = $1 AND to_status = 'submitted'`,
        [id],
      );
      expect(transitions).toHaveLength(1);
      // without the key, a second submit is a refused transition
      expect((await h.as(citizen.token, 'POST', `/applications/${id}/submit`)).json()).toMatchObject({
        status: 409,
        type: 'invalid-transition',
      });
      // the key used for another application
      const other = await validDraft(h, citizen.token);
      expect(
        (await h.as(citizen.token, 'POST', `/applications/${other}/submit`, undefined, headers)).json(),
      ).toMatchObject({
        type: 'idempotency-key-reused',
      });
    });

    it('Idempotency-Key: a replayed submit says so with Idempotent-Replayed: true (as a replayed booking)', async () => {
      const citizen = h.citizen();
      const id = await validDraft(h, citizen.token);
      const headers = { 'idempotency-key': `replay-${id}` };
      const first = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, headers);
      expect(first.statusCode).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const replay = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, headers);
      expect(replay.statusCode).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      // the OpenAPI document names the header
      const doc = (await h.inject('/openapi.json')).json<{
        paths: Record<
          string,
          { post?: { responses: Record<string, { headers?: Record<string, unknown> }> } }
        >;
      }>();
      expect(doc.paths['/applications/{id}/submit']?.post?.responses['200']?.headers).toHaveProperty(
        'Idempotent-Replayed',
      );
    });

    it('Idempotency-Key: concurrent retries submit once', async () => {
      const citizen = h.citizen();
      const id = await validDraft(h, citizen.token);
      const headers = { 'idempotency-key': 'k-concurrent' };
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, headers),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.json<App>().reference)).size).toBe(1);
      expect(await h.outbox('application.submitted', id)).toHaveLength(1);
    });
  });

  describe('workflow', () => {
    it('runs the whole loop: assign → request-info → edit and resubmit → review → approve, all in the timeline', async () => {
      const { id, citizen } = await inReview();
      const info = await h.as(clerk.token, 'POST', `/applications/${id}/request-info`, {
        message: 'Bitte Zweck genauer angeben.',
      });
      expect(info.json()).toMatchObject({
        status: 'info_requested',
        infoRequest: 'Bitte Zweck genauer angeben.',
      });
      expect((await h.outbox('application.info-requested', id))[0]?.data).toMatchObject({
        message: 'Bitte Zweck genauer angeben.',
      });
      expect(
        (
          await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
            data: { ...MELDE_DATA, purpose: 'Kindergeld' },
          })
        ).statusCode,
      ).toBe(200);
      const resubmitted = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(resubmitted.json()).toMatchObject({ status: 'submitted', assignee: clerk.id });
      expect((await h.as(clerk.token, 'POST', `/applications/${id}/review`)).json()).toMatchObject({
        status: 'in_review',
      });
      const decided = await h.as(clerk.token, 'POST', `/applications/${id}/decide`, {
        outcome: 'approved',
        reason: 'Alles vollständig.',
      });
      expect(decided.statusCode).toBe(200);
      expect(decided.json()).toMatchObject({
        status: 'approved',
        decision: { outcome: 'approved', reason: 'Alles vollständig.', documentId: null },
      });
      const timeline = await h.as(citizen.token, 'GET', `/applications/${id}/timeline`);
      expect(
        timeline
          .json<{ items: { from: string | null; to: string; actorRole: string }[] }>()
          .items.map((e) => [e.from, e.to, e.actorRole]),
      ).toEqual([
        [null, 'draft', 'citizen'],
        ['draft', 'submitted', 'citizen'],
        ['submitted', 'in_review', 'clerk'],
        ['in_review', 'info_requested', 'clerk'],
        ['info_requested', 'submitted', 'citizen'],
        ['submitted', 'in_review', 'clerk'],
        ['in_review', 'approved', 'clerk'],
      ]);
      expect((await h.outbox('application.status-changed', id)).map((e) => e.data.to)).toEqual([
        'submitted',
        'in_review',
        'info_requested',
        'submitted',
        'in_review',
        'approved',
      ]);
    });

    it('after a resubmission the case is taken back into review (POST /review, as API.md says) before request-info or decide', async () => {
      const { id, citizen } = await inReview();
      await h.as(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Zweck?' });
      const again = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(again.json()).toMatchObject({ status: 'submitted', assignee: clerk.id });
      const transitionsBefore = (await h.outbox('application.status-changed', id)).length;

      // decide and request-info act on a case in review: a refusal that says what comes first
      for (const [url, body, de, en] of [
        [
          'decide',
          { outcome: 'approved', reason: 'x' },
          'Ein eingereichter Antrag kann erst bewilligt werden, wenn er in Bearbeitung genommen ist.',
          'A submitted application can be approved only once it has been taken into review.',
        ],
        [
          'decide',
          { outcome: 'rejected', reason: 'x' },
          'Ein eingereichter Antrag kann erst abgelehnt werden, wenn er in Bearbeitung genommen ist.',
          'A submitted application can be rejected only once it has been taken into review.',
        ],
        [
          'request-info',
          { message: 'Noch eine Frage.' },
          'Zu einem eingereichten Antrag kann erst eine Rückfrage gestellt werden, wenn er in Bearbeitung genommen ist.',
          'Information can be requested for a submitted application only once it has been taken into review.',
        ],
      ] as const) {
        const german = await h.as(clerk.token, 'POST', `/applications/${id}/${url}`, body);
        expect(german.json()).toMatchObject({
          status: 409,
          type: 'invalid-transition',
          currentStatus: 'submitted',
          detail: de,
        });
        const english = await h.as(clerk.token, 'POST', `/applications/${id}/${url}`, body, {
          'accept-language': 'en',
        });
        expect(english.json()).toMatchObject({ status: 409, detail: en });
      }
      expect(await h.outbox('application.status-changed', id)).toHaveLength(transitionsBefore);

      // another clerk cannot take the assigned case back into review; the assigned clerk can
      const other = await h.as(h.staff('clerk').token, 'POST', `/applications/${id}/review`);
      expect(other.json()).toMatchObject({ status: 403, type: 'not-assignee' });
      expect((await h.as(clerk.token, 'POST', `/applications/${id}/review`)).json()).toMatchObject({
        status: 'in_review',
        assignee: clerk.id,
      });
      const decided = await h.as(clerk.token, 'POST', `/applications/${id}/decide`, {
        outcome: 'approved',
        reason: 'Alles vollständig.',
      });
      expect(decided.json()).toMatchObject({ status: 'approved', assignee: clerk.id });
      const timeline = (await h.as(clerk.token, 'GET', `/applications/${id}/timeline`)).json<{
        items: { from: string | null; to: string; actorRole: string }[];
      }>();
      expect(timeline.items.slice(-3).map((e) => [e.from, e.to, e.actorRole])).toEqual([
        ['info_requested', 'submitted', 'citizen'],
        ['submitted', 'in_review', 'clerk'],
        ['in_review', 'approved', 'clerk'],
      ]);

      // a machine client with applications:write makes the same two calls
      const second = await inReview();
      await h.as(clerk.token, 'POST', `/applications/${second.id}/request-info`, { message: 'Zweck?' });
      await h.as(second.citizen.token, 'POST', `/applications/${second.id}/submit`);
      const writer = h.client(['applications:write']);
      const early = await h.as(writer, 'POST', `/applications/${second.id}/decide`, {
        outcome: 'rejected',
        reason: 'Nein.',
      });
      expect(early.json()).toMatchObject({ status: 409, currentStatus: 'submitted' });
      expect((await h.as(writer, 'POST', `/applications/${second.id}/review`)).json()).toMatchObject({
        status: 'in_review',
      });
      expect(
        (
          await h.as(writer, 'POST', `/applications/${second.id}/decide`, {
            outcome: 'rejected',
            reason: 'Nein.',
          })
        ).json(),
      ).toMatchObject({ status: 'rejected' });
    });

    it('the decision event carries what the decision letter needs; the issued document is linked back', async () => {
      const citizen = h.citizen();
      await h.feed(
        'identity.profile-changed',
        {
          userId: citizen.id,
          email: 'e@example.org',
          givenName: 'Erika',
          familyName: 'Mustermann',
          locale: 'de',
          roles: ['citizen'],
        },
        'identity',
      );
      await h.drain();
      const id = await validDraft(h, citizen.token);
      await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: 'me' });
      await h.as(clerk.token, 'POST', `/applications/${id}/decide`, {
        outcome: 'rejected',
        reason: 'Nicht in Esslingen gemeldet.',
      });
      const [event] = await h.outbox('application.decided', id);
      expect(event?.data).toMatchObject({
        applicationId: id,
        ownerId: citizen.id,
        outcome: 'rejected',
        reason: 'Nicht in Esslingen gemeldet.',
        decidedByRole: 'clerk',
        serviceName: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
        applicant: { givenName: 'Erika', familyName: 'Mustermann' },
        reference: expect.stringMatching(/^ESS-/) as string,
      });
      const documentId = uuidv4();
      await h.feed('document.issued', {
        documentId,
        ownerId: citizen.id,
        applicationId: id,
        verificationCode: 'ABC',
        sha256: 'x',
      });
      await h.drain();
      expect((await h.as(citizen.token, 'GET', `/applications/${id}`)).json()).toMatchObject({
        decision: { documentId },
      });
    });

    it.each([
      ['submit', 'in_review'],
      ['review', 'in_review'],
      ['request-info', 'submitted'],
      ['decide', 'submitted'],
      ['assign', 'approved'],
      ['withdraw', 'approved'],
      ['withdraw', 'withdrawn'],
      ['decide', 'approved'],
      ['request-info', 'info_requested'],
      ['submit', 'approved'],
    ])('refuses %s on a case in status %s with 409 invalid-transition', async (action, status) => {
      const { id, citizen } = await inReview();
      await h.query(`UPDATE applications SET status = $2 WHERE id = $1`, [id, status]);
      const body =
        action === 'decide'
          ? { outcome: 'approved', reason: 'x' }
          : action === 'request-info'
            ? { message: 'x' }
            : action === 'assign'
              ? { assigneeId: 'me' }
              : undefined;
      const token = action === 'submit' || action === 'withdraw' ? citizen.token : supervisor.token;
      const res = await h.as(token, 'POST', `/applications/${id}/${action}`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ type: 'invalid-transition' });
      expect(
        (await h.query<{ status: string }>(`SELECT status FROM applications WHERE id = $1`, [id]))[0]?.status,
      ).toBe(status);
    });

    it.each(['draft', 'submitted', 'in_review', 'info_requested'])(
      'lets the owner withdraw from %s',
      async (status) => {
        const { id, citizen } = await inReview();
        await h.query(`UPDATE applications SET status = $2 WHERE id = $1`, [id, status]);
        const res = await h.as(citizen.token, 'POST', `/applications/${id}/withdraw`);
        expect(res.json()).toMatchObject({ status: 'withdrawn' });
        expect(await h.outbox('application.withdrawn', id)).toHaveLength(1);
      },
    );

    it('lets the owner delete a draft, with its timeline; others get 404; a submitted case is withdrawn instead (409)', async () => {
      const citizen = h.citizen();
      const draft = (
        await h.as(citizen.token, 'POST', '/applications', { serviceId: MELDEBESCHEINIGUNG })
      ).json<{
        id: string;
      }>();
      expect((await h.as(h.citizen().token, 'DELETE', `/applications/${draft.id}`)).statusCode).toBe(404);
      expect((await h.as(h.staff('clerk').token, 'DELETE', `/applications/${draft.id}`)).statusCode).toBe(
        404,
      );
      expect((await h.as(citizen.token, 'DELETE', `/applications/${draft.id}`)).statusCode).toBe(204);
      expect((await h.as(citizen.token, 'GET', `/applications/${draft.id}`)).statusCode).toBe(404);
      expect(
        await h.query(`SELECT 1 FROM application_transitions WHERE application_id = $1`, [draft.id]),
      ).toEqual([]);
      expect((await h.as(citizen.token, 'DELETE', `/applications/${draft.id}`)).statusCode).toBe(404);

      const { id, citizen: owner } = await inReview();
      const refused = await h.as(owner.token, 'DELETE', `/applications/${id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ type: 'invalid-transition', currentStatus: 'in_review' });
      expect((await h.as(owner.token, 'GET', `/applications/${id}`)).json()).toMatchObject({
        status: 'in_review',
      });
    });

    it('only the assigned clerk decides; a supervisor may too; another citizen gets 404, the owner 403', async () => {
      const { id, citizen } = await inReview();
      const otherClerk = h.staff('clerk');
      expect(
        (
          await h.as(otherClerk.token, 'POST', `/applications/${id}/decide`, {
            outcome: 'approved',
            reason: 'x',
          })
        ).json(),
      ).toMatchObject({ status: 403, type: 'not-assignee' });
      expect(
        (
          await h.as(citizen.token, 'POST', `/applications/${id}/decide`, {
            outcome: 'approved',
            reason: 'x',
          })
        ).statusCode,
      ).toBe(403);
      expect((await h.as(h.citizen().token, 'POST', `/applications/${id}/withdraw`)).statusCode).toBe(404);
      expect(
        (
          await h.as(supervisor.token, 'POST', `/applications/${id}/decide`, {
            outcome: 'rejected',
            reason: 'Unvollständig.',
          })
        ).json(),
      ).toMatchObject({ status: 'rejected' });
      const invalid = await h.as(supervisor.token, 'POST', `/applications/${id}/decide`, {
        outcome: 'maybe',
      });
      expect(
        invalid
          .json<Problem>()
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['outcome', 'reason']);
    });

    it('assigns to another staff member known from identity events, not to unknown people', async () => {
      const { id } = await submitted();
      const colleague = h.staff('clerk');
      expect(
        (await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: colleague.id }))
          .statusCode,
      ).toBe(422);
      await h.feed(
        'identity.profile-changed',
        {
          userId: colleague.id,
          email: 'c@example.org',
          givenName: 'Clara',
          familyName: 'Clerk',
          locale: 'de',
          roles: ['clerk'],
        },
        'identity',
      );
      await h.drain();
      const res = await h.as(clerk.token, 'POST', `/applications/${id}/assign`, { assigneeId: colleague.id });
      expect(res.json()).toMatchObject({ assignee: colleague.id, status: 'in_review' });
    });
  });

  describe('access and audit', () => {
    it('owner, other citizen, clerk, machine client with and without scope', async () => {
      const { id, citizen } = await submitted();
      expect((await h.as(citizen.token, 'GET', `/applications/${id}`)).statusCode).toBe(200);
      expect((await h.as(h.citizen().token, 'GET', `/applications/${id}`)).statusCode).toBe(404);
      expect((await h.as(null, 'GET', `/applications/${id}`)).statusCode).toBe(401);
      expect((await h.as(clerk.token, 'GET', `/applications/${id}`)).statusCode).toBe(200);
      const reader = h.client(['applications:read']);
      expect((await h.as(reader, 'GET', `/applications/${id}`)).statusCode).toBe(200);
      expect(
        (await h.as(reader, 'GET', `/applications?limit=100`))
          .json<{ items: App[] }>()
          .items.map((a) => a.id),
      ).toContain(id);
      const catalogueOnly = h.client(['catalogue:read']);
      expect((await h.as(catalogueOnly, 'GET', `/applications/${id}`)).statusCode).toBe(403);
      expect((await h.as(catalogueOnly, 'GET', `/applications`)).statusCode).toBe(403);
      // reading is not deciding
      expect((await h.as(reader, 'POST', `/applications/${id}/review`)).statusCode).toBe(403);
      expect((await h.as(reader, 'GET', `/applications/${id}/timeline`)).statusCode).toBe(403);
      // a client with applications:write works the case
      const writer = h.client(['applications:write']);
      expect((await h.as(writer, 'POST', `/applications/${id}/review`)).json()).toMatchObject({
        status: 'in_review',
      });
      expect(
        (
          await h.as(writer, 'POST', `/applications/${id}/decide`, {
            outcome: 'approved',
            reason: 'Automatisch geprüft.',
          })
        ).json(),
      ).toMatchObject({ status: 'approved' });
      const [decided] = await h.outbox('application.decided', id);
      expect(decided?.data.decidedByRole).toBe('clerk');

      const audit = await h.query<{ action: string; actor_type: string; actor_role: string }>(
        `SELECT action, actor_type, actor_role FROM audit_log WHERE target_id = $1 ORDER BY at, id`,
        [id],
      );
      expect(audit).toEqual(
        expect.arrayContaining([
          { action: 'application.read', actor_type: 'user', actor_role: 'clerk' },
          { action: 'application.read', actor_type: 'client', actor_role: 'client' },
          { action: 'application.decided', actor_type: 'client', actor_role: 'client' },
        ]),
      );
      // the owner's own reads are not audited, and the log is append-only
      expect(audit.filter((a) => a.actor_role === 'citizen')).toEqual([]);
      await expect(h.query(`DELETE FROM audit_log WHERE target_id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
    });

    it('lists: the citizen sees only their own; staff filter by status, service, assignee and overdue', async () => {
      const mine = await submitted();
      const theirs = await inReview();
      const own = (await h.as(mine.citizen.token, 'GET', '/applications')).json<{ items: App[] }>().items;
      expect(own.map((a) => a.id)).toEqual([mine.id]);
      const byMe = (await h.as(clerk.token, 'GET', '/applications?assignee=me&limit=100')).json<{
        items: App[];
      }>().items;
      expect(byMe.map((a) => a.id)).toContain(theirs.id);
      expect(byMe.map((a) => a.id)).not.toContain(mine.id);
      const unassigned = (
        await h.as(
          clerk.token,
          'GET',
          `/applications?assignee=none&status=submitted&serviceId=${MELDEBESCHEINIGUNG}&limit=100`,
        )
      ).json<{ items: App[] }>().items;
      expect(unassigned.map((a) => a.id)).toContain(mine.id);
      expect(unassigned.every((a) => a.status === 'submitted' && a.assignee === null)).toBe(true);
      expect(
        (await h.as(clerk.token, 'GET', '/applications?overdue=true&limit=100'))
          .json<{ items: App[] }>()
          .items.map((a) => a.id),
      ).not.toContain(mine.id);
      await h.query(`UPDATE applications SET due_at = now() - interval '1 day' WHERE id = $1`, [mine.id]);
      const overdue = (await h.as(clerk.token, 'GET', '/applications?overdue=true&limit=100')).json<{
        items: (App & { overdue: boolean })[];
      }>().items;
      expect(overdue.find((a) => a.id === mine.id)).toMatchObject({ overdue: true });
      // paging
      const page1 = (await h.as(clerk.token, 'GET', '/applications?limit=1')).json<{
        items: App[];
        nextCursor: string;
      }>();
      const page2 = (
        await h.as(clerk.token, 'GET', `/applications?limit=1&cursor=${page1.nextCursor}`)
      ).json<{ items: App[] }>();
      expect(page1.items[0]?.id).not.toBe(page2.items[0]?.id);
    });
  });

  describe('messages', () => {
    it('a thread between citizen and staff with attachments; events for notifications', async () => {
      const { id, citizen } = await submitted();
      const doc = await h.cleanDocument(citizen.id);
      const foreign = await h.cleanDocument(uuidv4());
      await h.drain();
      const fromCitizen = await h.as(citizen.token, 'POST', `/applications/${id}/messages`, {
        body: 'Anbei der Nachweis.',
        documentIds: [doc],
      });
      expect(fromCitizen.statusCode).toBe(201);
      expect(fromCitizen.json()).toMatchObject({ fromStaff: false, documentIds: [doc] });
      expect(
        (
          await h.as(citizen.token, 'POST', `/applications/${id}/messages`, {
            body: 'x',
            documentIds: [foreign],
          })
        ).statusCode,
      ).toBe(422);
      const fromStaff = await h.as(clerk.token, 'POST', `/applications/${id}/messages`, {
        body: 'Danke, erhalten.',
      });
      expect(fromStaff.json()).toMatchObject({ fromStaff: true, authorRole: 'clerk' });
      const thread = await h.as(citizen.token, 'GET', `/applications/${id}/messages`);
      expect(thread.json<{ items: { body: string }[] }>().items.map((m) => m.body)).toEqual([
        'Anbei der Nachweis.',
        'Danke, erhalten.',
      ]);
      expect((await h.as(h.citizen().token, 'GET', `/applications/${id}/messages`)).statusCode).toBe(404);
      expect(
        (await h.as(h.client(['applications:read']), 'GET', `/applications/${id}/messages`)).statusCode,
      ).toBe(403);
      expect((await h.outbox('application.message-posted', id)).map((e) => e.data.fromStaff)).toEqual([
        false,
        true,
      ]);
    });
  });

  describe('attachments from staff', () => {
    it("staff attach their own uploads and the case's documents, never another resident's private upload", async () => {
      const { id, citizen } = await submitted();
      const stranger = h.citizen();
      const private_ = await h.cleanDocument(stranger.id);
      const clerksOwn = await h.cleanDocument(clerk.id);
      const colleagues = await h.cleanDocument(uuidv4());
      const citizensOther = await h.cleanDocument(citizen.id);
      const fromThread = await h.cleanDocument(citizen.id);
      await h.drain();
      // the citizen's attachment makes it a document of this case
      expect(
        (
          await h.as(citizen.token, 'POST', `/applications/${id}/messages`, {
            body: 'Nachweis',
            documentIds: [fromThread],
          })
        ).statusCode,
      ).toBe(201);
      // the decision letter of the case (issued for it) also belongs to it
      const letter = uuidv4();
      await h.feed('document.issued', {
        documentId: letter,
        ownerId: citizen.id,
        applicationId: id,
        verificationCode: 'LTR',
        sha256: 'x',
      });
      await h.drain();
      const outboxBefore = (await h.outbox('application.message-posted', id)).length;

      const refused = await h.as(
        clerk.token,
        'POST',
        `/applications/${id}/messages`,
        { body: 'Anbei', documentIds: [clerksOwn, private_, colleagues, citizensOther] },
        { 'accept-language': 'en' },
      );
      expect(refused.statusCode).toBe(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json<Problem>().errors).toEqual([
        { field: 'documentIds[1]', message: expect.stringContaining('you may attach') as string },
        { field: 'documentIds[2]', message: expect.any(String) as string },
        { field: 'documentIds[3]', message: expect.any(String) as string },
      ]);
      // nothing changed: no message, no event (documents never learns to show it to the owner)
      const thread = (await h.as(citizen.token, 'GET', `/applications/${id}/messages`)).json<{
        items: { documentIds: string[] }[];
      }>();
      expect(thread.items).toHaveLength(1);
      expect(await h.outbox('application.message-posted', id)).toHaveLength(outboxBefore);

      const allowed = await h.as(clerk.token, 'POST', `/applications/${id}/messages`, {
        body: 'Anbei',
        documentIds: [clerksOwn, fromThread, letter],
      });
      expect(allowed.statusCode).toBe(201);
      expect(allowed.json()).toMatchObject({ fromStaff: true, documentIds: [clerksOwn, fromThread, letter] });
      // the citizen keeps the rules they had: only their own documents
      const citizenTries = await h.as(citizen.token, 'POST', `/applications/${id}/messages`, {
        body: 'x',
        documentIds: [clerksOwn],
      });
      expect(citizenTries.json<Problem>()).toMatchObject({
        status: 422,
        errors: [{ field: 'documentIds[0]' }],
      });
      expect(
        (
          await h.as(citizen.token, 'POST', `/applications/${id}/messages`, {
            body: 'Noch einer',
            documentIds: [citizensOther],
          })
        ).statusCode,
      ).toBe(201);
    });

    it('the question of a request for information is a message of kind info-request (one mail, not two)', async () => {
      const { id, citizen } = await inReview();
      await h.as(clerk.token, 'POST', `/applications/${id}/request-info`, { message: 'Zweck?' });
      await h.as(citizen.token, 'POST', `/applications/${id}/messages`, { body: 'Kindergeld.' });
      await h.as(clerk.token, 'POST', `/applications/${id}/messages`, { body: 'Danke.' });
      expect(
        (await h.outbox('application.message-posted', id)).map((e) => [e.data.fromStaff, e.data.kind]),
      ).toEqual([
        [true, 'info-request'],
        [false, 'message'],
        [true, 'message'],
      ]);
    });
  });

  describe('account deletion', () => {
    it('deletes drafts, withdraws open cases and anonymises ended ones after retention (0 days here)', async () => {
      const citizen = h.citizen();
      const draft = await validDraft(h, citizen.token);
      const open = await validDraft(h, citizen.token);
      await h.as(citizen.token, 'POST', `/applications/${open}/submit`);
      const decided = await validDraft(h, citizen.token);
      await h.as(citizen.token, 'POST', `/applications/${decided}/submit`);
      await h.as(clerk.token, 'POST', `/applications/${decided}/assign`, { assigneeId: 'me' });
      await h.as(clerk.token, 'POST', `/applications/${decided}/decide`, {
        outcome: 'approved',
        reason: 'ok',
      });
      await h.feed('identity.account-deleted', { userId: citizen.id }, 'identity');
      await h.drain();
      const rows = await h.query<{ id: string; status: string; owner_id: string | null; data: unknown }>(
        `SELECT id, status, owner_id, data FROM applications WHERE id = ANY ($1::uuid[])`,
        [[draft, open, decided]],
      );
      expect(rows.find((r) => r.id === draft)).toBeUndefined();
      expect(rows.find((r) => r.id === open)).toMatchObject({
        status: 'withdrawn',
        owner_id: null,
        data: {},
      });
      expect(rows.find((r) => r.id === decided)).toMatchObject({
        status: 'approved',
        owner_id: null,
        data: {},
      });
    });
  });

  describe('statistics and feedback', () => {
    it('GET /stats/applications for supervisors: counts, processing time, target share, backlog, weeks', async () => {
      expect((await h.as(clerk.token, 'GET', '/stats/applications')).statusCode).toBe(403);
      const res = await h.as(supervisor.token, 'GET', `/stats/applications?serviceId=${MELDEBESCHEINIGUNG}`);
      expect(res.statusCode).toBe(200);
      const stats = res.json<{
        submitted: number;
        decided: number;
        openBacklog: number;
        processingDays: { median: number };
        withinTargetShare: number;
        byWeek: unknown[];
      }>();
      expect(stats.submitted).toBeGreaterThan(5);
      expect(stats.decided).toBeGreaterThan(2);
      expect(stats.openBacklog).toBeGreaterThan(0);
      expect(stats.processingDays.median).toBeGreaterThanOrEqual(0);
      expect(stats.withinTargetShare).toBe(1);
      expect(stats.byWeek.length).toBeGreaterThan(0);
      expect((await h.as(supervisor.token, 'GET', '/stats/applications?from=2026-13-01')).statusCode).toBe(
        422,
      );
    });

    it('the owner rates a decided case once; not before the decision; the mailed token works without login', async () => {
      const { id, citizen } = await inReview();
      const early = await h.as(citizen.token, 'POST', '/feedback', {
        subjectType: 'application',
        subjectId: id,
        rating: 5,
      });
      expect(early.json()).toMatchObject({ status: 409, type: 'feedback-not-allowed' });
      await h.as(clerk.token, 'POST', `/applications/${id}/decide`, { outcome: 'approved', reason: 'ok' });
      expect(
        (
          await h.as(h.citizen().token, 'POST', '/feedback', {
            subjectType: 'application',
            subjectId: id,
            rating: 5,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await h.as(citizen.token, 'POST', '/feedback', {
            subjectType: 'application',
            subjectId: id,
            rating: 4,
            comment: 'Schnell!',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await h.as(citizen.token, 'POST', '/feedback', {
            subjectType: 'application',
            subjectId: id,
            rating: 1,
          })
        ).json(),
      ).toMatchObject({ type: 'feedback-exists' });

      const appointmentId = uuidv4();
      const locationId = DEMO_SERVICE_IDS.personalausweis;
      await h.feed(
        'appointment.completed',
        {
          appointmentId,
          reference: 'T-1',
          serviceId: DEMO_SERVICE_IDS.personalausweis,
          locationId,
          start: new Date().toISOString(),
          end: new Date().toISOString(),
          userId: null,
          contact: { name: 'Gast', email: 'Gast@Example.org', locale: 'de' },
          manageToken: null,
          completedAt: new Date().toISOString(),
        },
        'appointments',
      );
      await h.drain();
      const secret = h.service.config.FEEDBACK_TOKEN_SECRET;
      const wrong = new FeedbackTokens(secret).sign('appointment', appointmentId, {
        email: 'someone@example.org',
      });
      expect(
        (
          await h.as(null, 'POST', `/feedback?token=${wrong}`, {
            subjectType: 'appointment',
            subjectId: appointmentId,
            rating: 5,
          })
        ).statusCode,
      ).toBe(404);
      const token = new FeedbackTokens(secret).sign('appointment', appointmentId, {
        email: 'gast@example.org',
      });
      expect(
        (
          await h.as(null, 'POST', `/feedback?token=${token}`, {
            subjectType: 'appointment',
            subjectId: appointmentId,
            rating: 5,
          })
        ).statusCode,
      ).toBe(201);

      const stats = await h.as(supervisor.token, 'GET', '/stats/feedback');
      expect(stats.json()).toMatchObject({
        count: 2,
        averageRating: 4.5,
        distribution: { 4: 1, 5: 1 },
        comments: [{ comment: 'Schnell!' }],
      });
      expect((await h.as(clerk.token, 'GET', '/stats/feedback')).statusCode).toBe(403);
    });

    it('GET /transparency publishes no figure from fewer than 5 cases; the service page shows the typical time', async () => {
      const before = await h.inject('/transparency');
      expect(before.statusCode).toBe(200);
      expect(before.json<{ offices: unknown[] }>().offices).toEqual([]);
      const [decidedNow] = await h.query<{ c: number }>(
        `SELECT count(*)::int AS c FROM applications WHERE service_id = $1 AND status IN ('approved','rejected') AND decided_at IS NOT NULL`,
        [MELDEBESCHEINIGUNG],
      );
      const decidedCases = defined(decidedNow, 'a count').c;
      expect(decidedCases).toBeGreaterThanOrEqual(5);
      const figures = await waitFor(async () =>
        (await h.inject('/transparency')).json<{
          services: { slug: string; medianProcessingDays: number; cases: number }[];
        }>(),
      );
      expect(figures.services.find((s) => s.slug === 'meldebescheinigung')).toMatchObject({
        cases: decidedCases,
      });
      expect(
        (await h.inject('/services/meldebescheinigung')).json<{ typicalProcessingDays: number | null }>()
          .typicalProcessingDays,
      ).not.toBeNull();
      // a service with fewer than 5 decided cases publishes nothing
      expect(figures.services.find((s) => s.slug === 'bewohnerparkausweis')).toBeUndefined();
    });
  });
});
