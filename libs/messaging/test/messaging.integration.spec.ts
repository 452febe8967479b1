import { subscribersOf } from '@buergeramt/contracts';
import { eventJobOptions, MessagingAdmin, publishInTransaction, createEvent } from '../src';
import { defined, drainQueues, waitFor } from '@buergeramt/testing';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  AccountDeletedHandler,
  AccountService,
  CONSUMER_ATTEMPTS,
  CONSUMER_BACKOFF_MS,
  type Harness,
  startHarness,
} from './fixtures';

interface OutboxRow {
  id: string;
  subject: string;
  attempts: number;
  last_error: string | null;
  published_at: Date | null;
}

describe('messaging between two services (real Postgres, real Redis)', () => {
  let h: Harness;
  let accounts: AccountService;
  let handler: AccountDeletedHandler;

  beforeAll(async () => {
    h = await startHarness();
    accounts = h.identity.app.get(AccountService);
    handler = h.notifications.app.get(AccountDeletedHandler);
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(async () => {
    if (h.proxy.isCut) await h.proxy.restore();
  });

  const table = (db: DataSource, name: string): string =>
    `"${String((db.options as { schema?: string }).schema)}".${name}`;

  const outboxRows = (subject: string): Promise<OutboxRow[]> =>
    h.identityDb.query(
      `SELECT id, subject, attempts, last_error, published_at FROM ${table(h.identityDb, 'outbox')}
        WHERE subject = $1`,
      [subject],
    );

  const forgotten = async (userId: string): Promise<number> => {
    const rows: { n: string }[] = await h.notificationsDb.query(
      `SELECT count(*) AS n FROM ${table(h.notificationsDb, 'forgotten_users')} WHERE user_id = $1`,
      [userId],
    );
    return Number(defined(rows[0], 'a count').n);
  };

  const inboxRows = async (eventId: string): Promise<number> => {
    const rows: { n: string }[] = await h.notificationsDb.query(
      `SELECT count(*) AS n FROM ${table(h.notificationsDb, 'inbox')} WHERE event_id = $1`,
      [eventId],
    );
    return Number(defined(rows[0], 'a count').n);
  };

  const newAccount = async (): Promise<string> => {
    const id = uuidv7();
    await accounts.create(id);
    return id;
  };

  it('delivers an event committed while Redis was unreachable once Redis is back, exactly once', async () => {
    const userId = await newAccount();
    await h.proxy.cut();

    const event = await accounts.delete(userId);
    expect(await accounts.exists(userId)).toBe(false);

    // the relay tries, fails for real and records it; the event stays in the outbox
    const failing = await waitFor(
      async () => {
        const rows = await outboxRows(userId);
        const [row] = rows;
        return rows.length === 1 && row && row.attempts >= 2 && row.last_error ? row : null;
      },
      { timeoutMs: 10_000, message: 'the relay to record failed publish attempts' },
    );
    expect(failing.published_at).toBeNull();
    expect(handler.callCount(userId)).toBe(0);
    expect(await h.queues.notifications.getJob(event.id)).toBeUndefined();

    await h.proxy.restore();

    await waitFor(async () => (await forgotten(userId)) === 1, {
      timeoutMs: 15_000,
      message: 'the consumer to handle the event after Redis came back',
    });
    // the relay marks the row once one of its adds got through (an add that timed out during the
    // outage may have delivered the job a moment earlier: same job id, so still one job)
    const published = await waitFor(
      async () => {
        const [row] = await outboxRows(userId);
        return row?.published_at ? row : null;
      },
      { message: 'the relay to mark the row published' },
    );
    expect(published.last_error).toBeNull();
    // every add has happened now: the event was handled exactly once
    await drainQueues([h.queues.notifications]);
    expect(await forgotten(userId)).toBe(1);
    expect(handler.callCount(userId)).toBe(1);
    expect(await inboxRows(event.id)).toBe(1);
    // every subscriber's queue got the event, under the event id
    for (const service of subscribersOf('identity.account-deleted')) {
      const job = await h.queues[service].getJob(event.id);
      expect(job?.data).toEqual(event);
      expect(job?.name).toBe('identity.account-deleted');
    }
  });

  it('handles a redelivered event once: the inbox makes the copies no-ops', async () => {
    const userId = await newAccount();
    const event = await accounts.delete(userId);
    await waitFor(async () => (await forgotten(userId)) === 1, { message: 'first delivery' });
    await drainQueues([h.queues.notifications]);

    const original = await h.queues.notifications.getJob(event.id);
    expect(original?.data).toEqual(event);
    // the same envelope twice more, as new jobs (as after a lost completion or a re-published row)
    const copies = await Promise.all(
      ['copy-1', 'copy-2'].map((suffix) =>
        h.queues.notifications.add(event.type, event, {
          ...eventJobOptions(event),
          jobId: `${event.id}-${suffix}`,
        }),
      ),
    );
    await drainQueues([h.queues.notifications]);

    for (const copy of copies) {
      const job = await h.queues.notifications.getJob(String(copy.id));
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toEqual({ 'AccountDeletedHandler.forget': 'duplicate' });
    }
    expect(handler.callCount(userId)).toBe(1);
    expect(await forgotten(userId)).toBe(1);
    expect(await inboxRows(event.id)).toBe(1);
  });

  it('retries a failing handler with growing backoff, then keeps the job in the failed set, retryable', async () => {
    const userId = await newAccount();
    handler.failures.set(userId, 'always');
    const event = await accounts.delete(userId);

    await waitFor(async () => (await h.queues.notifications.getJob(event.id))?.isFailed(), {
      timeoutMs: 10_000,
      message: 'the job to fail for good',
    });
    // read it again: a job read before the state check may predate its last attempt
    const job = await h.queues.notifications.getJob(event.id);
    if (!job) throw new Error('the failed job is gone');
    expect(job.attemptsMade).toBe(CONSUMER_ATTEMPTS);
    expect(job.failedReason).toBe(`cannot forget ${userId}`);
    expect(handler.callCount(userId)).toBe(CONSUMER_ATTEMPTS);
    const [first, second, third] = handler.calls.get(userId) ?? [];
    expect(defined(second) - defined(first)).toBeGreaterThanOrEqual(CONSUMER_BACKOFF_MS - 5);
    expect(defined(third) - defined(second)).toBeGreaterThanOrEqual(2 * CONSUMER_BACKOFF_MS - 5);
    // every failed run was rolled back: no side effect, no inbox row
    expect(await forgotten(userId)).toBe(0);
    expect(await inboxRows(event.id)).toBe(0);

    const admin = h.notifications.app.get(MessagingAdmin);
    const failed = await admin.listFailed();
    expect(failed).toContainEqual(
      expect.objectContaining({
        jobId: event.id,
        eventId: event.id,
        type: 'identity.account-deleted',
        attemptsMade: CONSUMER_ATTEMPTS,
        failedReason: `cannot forget ${userId}`,
      }),
    );

    // the cause is fixed; an admin retries the event
    handler.failures.delete(userId);
    await expect(admin.retryFailed(event.id)).resolves.toBe(true);
    await waitFor(async () => (await forgotten(userId)) === 1, {
      message: 'the retried event to be handled',
    });
    await drainQueues([h.queues.notifications]);
    expect(await (await h.queues.notifications.getJob(event.id))?.getState()).toBe('completed');
    expect(handler.callCount(userId)).toBe(CONSUMER_ATTEMPTS + 1);
    expect(await inboxRows(event.id)).toBe(1);
    await expect(admin.retryFailed(event.id)).resolves.toBe(false);
  });

  it('recovers from transient handler failures within the attempts', async () => {
    const userId = await newAccount();
    handler.failures.set(userId, 1);
    const event = await accounts.delete(userId);
    await waitFor(async () => (await forgotten(userId)) === 1, { message: 'the retry to succeed' });
    await drainQueues([h.queues.notifications]);
    const job = await h.queues.notifications.getJob(event.id);
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsMade).toBe(2);
    expect(handler.callCount(userId)).toBe(2);
    expect(await forgotten(userId)).toBe(1);
  });

  it('commits or rolls back the state change and its event together', async () => {
    const kept = await newAccount();
    await expect(accounts.delete(kept, { failAfterPublish: true })).rejects.toThrow(
      'something after the publish',
    );
    expect(await accounts.exists(kept)).toBe(true);
    expect(await outboxRows(kept)).toEqual([]);

    const deleted = await newAccount();
    const event = await accounts.delete(deleted);
    expect(await accounts.exists(deleted)).toBe(false);
    expect((await outboxRows(deleted)).map((r) => r.id)).toEqual([event.id]);

    await waitFor(async () => (await forgotten(deleted)) === 1, { message: 'the committed event' });
    await drainQueues([h.queues.notifications]);
    expect(await forgotten(kept)).toBe(0);
    expect(handler.callCount(kept)).toBe(0);
  });

  it('refuses to publish outside a transaction', async () => {
    const event = createEvent(
      'identity.account-deleted',
      'nobody',
      { userId: 'nobody' },
      { source: 'identity' },
    );
    await expect(publishInTransaction(h.identityDb.manager, event)).rejects.toThrow(/open transaction/);
    expect(await outboxRows('nobody')).toEqual([]);
  });
});
