import { HousekeepingProcessor } from '../src/housekeeping/housekeeping.processor';
import { Harness, MELDE_DATA, validDraft } from './support/harness';

const DAY = 86_400_000;

interface Stats {
  submitted: number;
  decided: number;
  approved: number;
  withdrawn: number;
}

describe('account deletion after retention: the hourly maintenance job (settable clock)', () => {
  let h: Harness;
  let clerk: { id: string; token: string };
  let supervisor: { id: string; token: string };
  let maintenance: HousekeepingProcessor;

  beforeAll(async () => {
    h = await Harness.boot({ APPLICATION_RETENTION_DAYS: '1' });
    clerk = h.staff('clerk');
    supervisor = h.staff('supervisor');
    maintenance = h.get(HousekeepingProcessor);
  });

  beforeEach(() => h.setNow(null));

  afterAll(async () => {
    await h?.close();
  });

  const counts = async (): Promise<Stats> => {
    const { submitted, decided, approved, withdrawn } = (
      await h.as(supervisor.token, 'GET', '/stats/applications')
    ).json<Stats>();
    return { submitted, decided, approved, withdrawn };
  };

  it('keeps ended cases for the retention period, then clears owner, data, documents, reason and message bodies', async () => {
    const citizen = h.citizen();
    await h.feed(
      'identity.profile-changed',
      {
        userId: citizen.id,
        email: 'weg@example.org',
        givenName: 'Wilma',
        familyName: 'Weg',
        locale: 'de',
        roles: ['citizen'],
      },
      'identity',
    );
    const doc = await h.cleanDocument(citizen.id);
    const attachment = await h.cleanDocument(citizen.id);
    await h.drain();

    // decided: with a document, a thread and a reason
    const decided = await validDraft(h, citizen.token);
    expect(
      (await h.as(citizen.token, 'PATCH', `/applications/${decided}`, { documentIds: [doc] })).statusCode,
    ).toBe(200);
    expect((await h.as(citizen.token, 'POST', `/applications/${decided}/submit`)).statusCode).toBe(200);
    await h.as(clerk.token, 'POST', `/applications/${decided}/assign`, { assigneeId: 'me' });
    expect(
      (
        await h.as(citizen.token, 'POST', `/applications/${decided}/messages`, {
          body: 'Anbei mein Mietvertrag, Wilma Weg.',
          documentIds: [attachment],
        })
      ).statusCode,
    ).toBe(201);
    await h.as(clerk.token, 'POST', `/applications/${decided}/messages`, { body: 'Danke, Frau Weg.' });
    await h.as(clerk.token, 'POST', `/applications/${decided}/decide`, {
      outcome: 'approved',
      reason: 'Wohnsitz von Frau Weg bestätigt.',
    });
    // withdrawn by the citizen
    const withdrawn = await validDraft(h, citizen.token);
    await h.as(citizen.token, 'POST', `/applications/${withdrawn}/submit`);
    await h.as(citizen.token, 'POST', `/applications/${withdrawn}/withdraw`);
    // open: withdrawn by the system at deletion
    const open = await validDraft(h, citizen.token);
    await h.as(citizen.token, 'POST', `/applications/${open}/submit`);
    // a case of somebody who keeps their account, ended just as long ago
    const keeper = h.citizen();
    const kept = await validDraft(h, keeper.token);
    await h.as(keeper.token, 'POST', `/applications/${kept}/submit`);
    await h.as(keeper.token, 'POST', `/applications/${kept}/withdraw`);
    const ended = [decided, withdrawn, open];

    const before = await counts();

    await h.feed('identity.account-deleted', { userId: citizen.id }, 'identity');
    await h.drain();
    expect(
      (await h.query<{ status: string }>(`SELECT status FROM applications WHERE id = $1`, [open]))[0]?.status,
    ).toBe('withdrawn');
    expect(await h.query(`SELECT 1 FROM people WHERE user_id = $1`, [citizen.id])).toHaveLength(0);
    const atDeletion = await counts();
    expect(atDeletion).toMatchObject({ ...before, withdrawn: before.withdrawn + 1 });
    const timelineBefore = await h.query<{ application_id: string; n: number }>(
      `SELECT application_id, count(*)::int AS n FROM application_transitions
       WHERE application_id = ANY ($1::uuid[]) GROUP BY 1 ORDER BY 1`,
      [ended],
    );

    // within the retention period: content kept, nothing for the job to do
    expect((await maintenance.run()).anonymised).toBe(0);
    const kept1 = await h.query<{ owner_id: string | null; data: unknown }>(
      `SELECT owner_id, data FROM applications WHERE id = ANY ($1::uuid[])`,
      [ended],
    );
    expect(kept1).toHaveLength(3);
    expect(kept1).toEqual([0, 1, 2].map(() => ({ owner_id: citizen.id, data: MELDE_DATA })));
    h.setNow(new Date(Date.now() + 0.5 * DAY));
    expect((await maintenance.run()).anonymised).toBe(0);

    // past the retention of one day
    const later = new Date(Date.now() + 1.5 * DAY);
    h.setNow(later);
    expect((await maintenance.run()).anonymised).toBe(3);

    const rows = await h.query<{
      id: string;
      status: string;
      reference: string | null;
      owner_id: string | null;
      data: unknown;
      document_ids: string[];
      info_request: string | null;
      decision: { outcome: string; reason: string } | null;
      anonymised_at: Date | null;
      first_submitted_at: Date | null;
    }>(
      `SELECT id, status, reference, owner_id, data, document_ids, info_request, decision, anonymised_at,
              first_submitted_at
       FROM applications WHERE id = ANY ($1::uuid[]) ORDER BY id`,
      [ended],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ owner_id: null, data: {}, document_ids: [], info_request: null });
      expect(row.reference).toMatch(/^ESS-\d{4}-\d{6}$/);
      expect(row.first_submitted_at).not.toBeNull();
      expect(new Date(row.anonymised_at!).getTime()).toBe(later.getTime());
    }
    const decidedRow = rows.find((r) => r.id === decided)!;
    expect(decidedRow).toMatchObject({ status: 'approved', decision: { outcome: 'approved', reason: '' } });
    expect(rows.find((r) => r.id === withdrawn)?.status).toBe('withdrawn');

    const messages = await h.query<{ body: string; document_ids: string[]; author_id: string | null }>(
      `SELECT body, document_ids, author_id FROM application_messages WHERE application_id = $1`,
      [decided],
    );
    expect(messages).toEqual([
      { body: '', document_ids: [], author_id: null },
      { body: '', document_ids: [], author_id: null },
    ]);
    // the timeline keeps its rows and roles but no longer names the citizen
    expect(
      await h.query(
        `SELECT application_id, count(*)::int AS n FROM application_transitions
         WHERE application_id = ANY ($1::uuid[]) GROUP BY 1 ORDER BY 1`,
        [ended],
      ),
    ).toEqual(timelineBefore);
    expect(
      await h.query(
        `SELECT 1 FROM application_transitions WHERE application_id = ANY ($1::uuid[]) AND actor_id = $2`,
        [ended, citizen.id],
      ),
    ).toHaveLength(0);
    // nothing in the case rows mentions the person any more
    const text = JSON.stringify(
      await h.query(`SELECT * FROM applications WHERE id = ANY ($1::uuid[])`, [ended]),
    );
    expect(text).not.toContain(citizen.id);
    expect(text).not.toContain('Weg');
    expect(text).not.toContain(doc);
    // audited, one row per case
    expect(
      await h.query(
        `SELECT target_id FROM audit_log WHERE action = 'application.anonymised' ORDER BY target_id`,
      ),
    ).toEqual([...ended].sort().map((id) => ({ target_id: id })));

    // the figures still count the cases
    expect(await counts()).toEqual(atDeletion);
    // the other citizen's case is untouched, and a second run does nothing
    expect(
      (await h.query<{ owner_id: string }>(`SELECT owner_id FROM applications WHERE id = $1`, [kept]))[0]
        ?.owner_id,
    ).toBe(keeper.id);
    expect((await maintenance.run()).anonymised).toBe(0);
  });

  it('prunes Idempotency-Keys older than 24 h (by the service clock) and keeps younger ones', async () => {
    const citizen = h.citizen();
    const id = await validDraft(h, citizen.token);
    const key = `prune-${id}`;
    const first = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, {
      'idempotency-key': key,
    });
    expect(first.statusCode).toBe(200);
    await h.query(
      `INSERT INTO idempotency_keys (caller_id, key, fingerprint, status_code, body, created_at)
       VALUES ($1, 'old-key', 'submit:x', 200, '{}'::jsonb, now() - interval '25 hours')`,
      [citizen.id],
    );
    const keys = async (): Promise<string[]> =>
      (
        await h.query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE caller_id = $1 ORDER BY key`, [
          citizen.id,
        ])
      ).map((r) => r.key);
    expect(await keys()).toEqual(['old-key', key].sort());

    const run1 = await maintenance.run();
    expect(run1.keysPruned).toBeGreaterThanOrEqual(1);
    expect(await keys()).toEqual([key]);
    // within 24 h the key still replays the first answer
    h.setNow(new Date(Date.now() + 23 * 3_600_000));
    expect((await maintenance.run()).keysPruned).toBe(0);
    const replay = await h.as(citizen.token, 'POST', `/applications/${id}/submit`, undefined, {
      'idempotency-key': key,
    });
    expect(replay.json()).toEqual(first.json());

    // a day later it is gone
    h.setNow(new Date(Date.now() + 25 * 3_600_000));
    expect((await maintenance.run()).keysPruned).toBeGreaterThanOrEqual(1);
    expect(await keys()).toEqual([]);
  });
});
