import {
  type DomainEvent,
  eventQueueName,
  type EventType,
  jobQueueName,
  subscribersOf,
} from '@buergeramt/contracts';
import {
  afterCommit,
  createEvent,
  enqueueInTransaction,
  heldJobStatements,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  outboxJobRowInTransaction,
  outboxEventRowInTransaction,
  OutboxPublishError,
  OutboxRelay,
  publishInTransaction,
  takeQueueRateLimit,
} from '../src';
import {
  cleanupQueuePrefix,
  createTestSchema,
  defined,
  TcpProxy,
  testRedis,
  type TestSchema,
  uniqueQueuePrefix,
  waitFor,
} from '@buergeramt/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

async function openDataSource(schema: TestSchema): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: schema.url,
    schema: schema.schema,
    entities: [...MESSAGING_ENTITIES],
    migrations: [...MESSAGING_MIGRATIONS],
    synchronize: false,
    logging: false,
    extra: { max: 4 },
  });
  await dataSource.initialize();
  return dataSource;
}

interface OutboxState {
  attempts: number;
  last_error: string | null;
  published_at: Date | null;
}

const TYPES: EventType[] = ['identity.account-deleted', 'appointment.booked', 'document.issued'];

function sampleEvent(i: number): DomainEvent {
  const type = TYPES[i % TYPES.length];
  const subject = `subject-${i}`;
  if (type === 'identity.account-deleted') {
    return createEvent(type, subject, { userId: subject }, { source: 'identity' });
  }
  if (type === 'appointment.booked') {
    return createEvent(
      type,
      subject,
      {
        appointmentId: subject,
        reference: `R-${i}`,
        serviceId: 's',
        locationId: 'l',
        start: '2030-01-01T09:00:00Z',
        end: '2030-01-01T09:15:00Z',
        userId: null,
        contact: null,
        manageToken: null,
      },
      { source: 'appointments' },
    );
  }
  return createEvent(
    'document.issued',
    subject,
    { documentId: subject, ownerId: 'o', applicationId: 'a', verificationCode: 'v', sha256: 'h' },
    { source: 'documents' },
  );
}

describe('OutboxRelay (real Postgres, real Redis)', () => {
  let schema: TestSchema;
  let db: DataSource;
  let redisUrl: string;
  let queuePrefix: string;
  const opened: DataSource[] = [];
  const relays: OutboxRelay[] = [];
  const queues = new Map<string, Queue>();

  const queueOf = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { url: redisUrl }, prefix: queuePrefix });
      queues.set(name, queue);
    }
    return queue;
  };

  const relay = (options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay => {
    const created = new OutboxRelay({ dataSource: db, redisUrl, queuePrefix, retentionMs: null, ...options });
    relays.push(created);
    return created;
  };

  const outbox = (): string => `"${schema.schema}".outbox`;

  const publish = (events: DomainEvent[]): Promise<void> =>
    db.transaction((manager) => publishInTransaction(manager, events));

  beforeEach(async () => {
    redisUrl = await testRedis();
    queuePrefix = uniqueQueuePrefix('relay');
    schema = await createTestSchema('relay');
    db = await openDataSource(schema);
    opened.push(db);
    await db.runMigrations();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const r of relays.splice(0)) await r.stop();
    for (const q of queues.values()) await q.close();
    queues.clear();
    for (const d of opened.splice(0)) await d.destroy();
    await schema.drop();
    await cleanupQueuePrefix(redisUrl, queuePrefix);
  });

  it('two relays publishing 250 rows concurrently add every event to every subscriber exactly once', async () => {
    const events = Array.from({ length: 250 }, (_, i) => sampleEvent(i));
    for (let i = 0; i < events.length; i += 50) await publish(events.slice(i, i + 50));

    const adds = new Map<string, number>();
    const original = Queue.prototype.add;
    const spy = jest.spyOn(Queue.prototype, 'add').mockImplementation(async function (this: Queue, ...args) {
      const key = `${this.name} ${String(args[2]?.jobId)}`;
      adds.set(key, (adds.get(key) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return original.apply(this, args);
    });

    // a second "replica" with its own DataSource (own connection pool), as two processes would have
    const otherDb = await openDataSource(schema);
    opened.push(otherDb);
    const a = relay({ batchSize: 20, intervalMs: 20 });
    const b = relay({ dataSource: otherDb, batchSize: 20, intervalMs: 20 });
    a.start();
    b.start();

    await waitFor(
      async () => {
        const [row] = await db.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM ${outbox()} WHERE published_at IS NULL`,
        );
        return defined(row, 'a count').n === '0';
      },
      { timeoutMs: 20_000, message: 'all rows published' },
    );
    await a.stop();
    await b.stop();

    const expected = new Map<string, number>();
    for (const event of events) {
      for (const service of subscribersOf(event.type))
        expected.set(`${eventQueueName(service)} ${event.id}`, 1);
    }
    const duplicates = [...adds].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    expect(adds).toEqual(expected);
    expect(spy).toHaveBeenCalledTimes(expected.size);

    // both took part, neither published a row the other did
    expect(a.publishedCount).toBeGreaterThan(0);
    expect(b.publishedCount).toBeGreaterThan(0);
    expect(a.publishedCount + b.publishedCount).toBe(events.length);
    const rows: { attempts: number }[] = await db.query(`SELECT attempts FROM ${outbox()}`);
    expect(rows).toHaveLength(events.length);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);

    // and the queues hold each event once, with the envelope as data
    for (const event of events.slice(0, 10)) {
      for (const service of subscribersOf(event.type)) {
        const job = await queueOf(eventQueueName(service)).getJob(event.id);
        expect(job?.data).toEqual(event);
      }
    }
  });

  it('publishes in order of creation, in batches, and marks rows published', async () => {
    const events = Array.from({ length: 5 }, (_, i) => sampleEvent(i * 3)); // all identity.account-deleted
    await publish(events);
    const r = relay({ batchSize: 2 });
    await expect(r.publishBatch()).resolves.toBe(2);
    await expect(r.publishBatch()).resolves.toBe(2);
    await expect(r.publishBatch()).resolves.toBe(1);
    await expect(r.publishBatch()).resolves.toBe(0);
    const jobs = await queueOf(eventQueueName('notifications')).getJobs(['waiting'], 0, -1, true);
    expect(jobs.map((j) => j.id)).toEqual(events.map((e) => e.id));
  });

  it('records a failed publish on the row, keeps it unpublished, and publishes it once Redis is back', async () => {
    const proxy = TcpProxy.forUrl(redisUrl, 6379);
    await proxy.start();
    try {
      const r = relay({ redisUrl: proxy.urlFor(redisUrl), addTimeoutMs: 300 });
      const [event] = [sampleEvent(0)];
      await publish([event]);
      await expect(r.publishBatch()).resolves.toBe(1);

      const second = sampleEvent(3);
      await publish([second]);
      await proxy.cut();
      const error: unknown = await r.publishBatch().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutboxPublishError);
      expect((error as OutboxPublishError).eventId).toBe(second.id);
      const [row] = await db.query<OutboxState[]>(
        `SELECT attempts, last_error, published_at FROM ${outbox()} WHERE id = $1`,
        [second.id],
      );
      if (!row) throw new Error('the outbox row is gone');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toEqual(expect.any(String));
      expect(row.published_at).toBeNull();

      await proxy.restore();
      await waitFor(() => r.publishBatch().then((n) => n === 1), { timeoutMs: 10_000 });
      const [after] = await db.query<OutboxState[]>(
        `SELECT attempts, last_error, published_at FROM ${outbox()} WHERE id = $1`,
        [second.id],
      );
      if (!after) throw new Error('the outbox row is gone');
      expect(after.published_at).not.toBeNull();
      expect(after.last_error).toBeNull();
      expect(await queueOf(eventQueueName('notifications')).getJob(second.id)).toBeDefined();
    } finally {
      await proxy.stop();
    }
  });

  it('keeps what a batch published before a failure, and puts the failed row and those after it back', async () => {
    const events = Array.from({ length: 4 }, (_, i) => sampleEvent(i * 3));
    await publish(events);
    let calls = 0;
    const r = relay({
      subscribers: (type) => {
        calls += 1;
        if (calls === 2) throw new Error('no queue for the second');
        return subscribersOf(type);
      },
    });
    const error: unknown = await r.publishBatch().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxPublishError);
    expect(error).toMatchObject({ eventId: events[1]!.id, published: 1 });
    const rows = await db.query<(OutboxState & { id: string })[]>(
      `SELECT id, attempts, last_error, published_at FROM ${outbox()} WHERE id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    );
    const state = (id: string) => rows.find((row) => row.id === id);
    expect(state(events[0]!.id)).toMatchObject({ attempts: 1, last_error: null });
    expect(state(events[0]!.id)?.published_at).not.toBeNull();
    expect(state(events[1]!.id)).toMatchObject({
      attempts: 1,
      last_error: expect.stringContaining('no queue for the second'),
      published_at: null,
    });
    // not tried: as they were
    for (const later of events.slice(2))
      expect(state(later.id)).toMatchObject({ attempts: 0, last_error: null, published_at: null });

    // the next batch publishes the rest, in order
    await expect(r.publishBatch()).resolves.toBe(3);
    const jobs = await queueOf(eventQueueName('notifications')).getJobs(['waiting'], 0, -1, true);
    expect(jobs.map((j) => j.id)).toEqual(events.map((e) => e.id));
  });

  it('is woken by a commit with events instead of waiting for its next poll', async () => {
    const r = relay({ intervalMs: 60_000 });
    r.start();
    // after its first (empty) poll the relay sleeps for a minute unless woken
    await waitFor(() => r.batchCount >= 1);
    const event = sampleEvent(0);
    await publish([event]);
    await waitFor(() => queueOf(eventQueueName('notifications')).getJob(event.id), {
      timeoutMs: 5000,
      message: 'the woken relay to publish',
    });
  });

  it('reads only the table a woken commit wrote, only tables with waiting rows when it polls, and polls every interval', async () => {
    // an idle poll asks whether anything waits and reads no table
    const idle = relay({ intervalMs: 20, service: 'applications' });
    idle.start();
    await waitFor(() => idle.batchCount >= 5);
    expect(idle.passes).toEqual({ event: 0, job: 0 });
    await idle.stop();

    const r = relay({ intervalMs: 60_000, service: 'applications' });
    r.start();
    await waitFor(() => r.batchCount >= 1); // the first poll

    const job = await db.transaction((manager) =>
      enqueueInTransaction(manager, 'applications', 'webhooks', { n: 1 }),
    );
    await waitFor(() => queueOf(jobQueueName('applications', 'webhooks')).getJob(job.jobId), {
      timeoutMs: 5000,
      message: 'the job to be published',
    });
    expect(r.passes).toEqual({ event: 0, job: 1 });

    const event = sampleEvent(1);
    await publish([event]);
    await waitFor(() => queueOf(eventQueueName('notifications')).getJob(event.id), {
      timeoutMs: 5000,
      message: 'the event to be published',
    });
    expect(r.passes).toEqual({ event: 1, job: 1 });

    // a row no commit woke the relay for (written by a statement of its own) leaves at the next poll
    const quick = relay({ intervalMs: 200, service: 'applications' });
    await r.stop();
    quick.start();
    await waitFor(() => quick.batchCount >= 1);
    const unwoken = sampleEvent(4);
    await db.query(
      `INSERT INTO ${outbox()} ("id", "type", "version", "source", "subject", "data", "occurred_at")
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        unwoken.id,
        unwoken.type,
        unwoken.version,
        unwoken.source,
        unwoken.subject,
        JSON.stringify(unwoken.data),
        unwoken.occurredAt,
      ],
    );
    await waitFor(() => queueOf(eventQueueName('notifications')).getJob(unwoken.id), {
      timeoutMs: 5000,
      message: 'the next poll to publish the row',
    });
  });

  it('is woken by the commit of a job row written by a statement of the caller’s own (outboxJobRowInTransaction)', async () => {
    expect(() => outboxJobRowInTransaction(db.manager, 'applications', 'webhooks', {})).toThrow(
      /open transaction/,
    );
    const r = relay({ intervalMs: 60_000, service: 'applications' });
    r.start();
    await waitFor(() => r.batchCount >= 1); // the first poll; the next is a minute away
    const job = await db.transaction(async (manager) => {
      const row = outboxJobRowInTransaction(manager, 'applications', 'webhooks', { n: 2 }, {}, 2);
      await manager.query(
        `WITH change AS (SELECT $1::int AS n) ${row.insertInto} SELECT ${row.values} FROM change`,
        [1, ...row.params],
      );
      return row.job;
    });
    await waitFor(() => queueOf(jobQueueName('applications', 'webhooks')).getJob(job.jobId), {
      timeoutMs: 5000,
      message: 'the woken relay to publish the job',
    });
    expect(r.passes.job).toBe(1);
  });

  it('is woken by the commit of an event row written by a statement of the caller’s own (outboxEventRowInTransaction)', async () => {
    const event = sampleEvent(7);
    expect(() => outboxEventRowInTransaction(db.manager, event)).toThrow(/open transaction/);
    const r = relay({ intervalMs: 60_000 });
    r.start();
    await waitFor(() => r.batchCount >= 1); // the first poll; the next is a minute away
    await db.transaction(async (manager) => {
      const row = outboxEventRowInTransaction(manager, event, 2);
      await manager.query(`WITH change AS (SELECT $1::int AS n) ${row.insertInto} VALUES (${row.values})`, [
        1,
        ...row.params,
      ]);
    });
    const job = await waitFor(() => queueOf(eventQueueName('notifications')).getJob(event.id), {
      timeoutMs: 5000,
      message: 'the woken relay to publish the event',
    });
    expect(job.data).toEqual(event);
  });

  it('leaves a held job row alone until its hold ends, and publishes it then; a released row at once', async () => {
    expect(() =>
      outboxJobRowInTransaction(db.manager, 'applications', 'webhooks', {}, { holdMs: 0 }),
    ).toThrow(/holdMs/);
    const r = relay({ intervalMs: 50, service: 'applications' });
    const queue = queueOf(jobQueueName('applications', 'webhooks'));
    const held = await db.transaction((manager) =>
      enqueueInTransaction(manager, 'applications', 'webhooks', { n: 1 }, { holdMs: 1500 }),
    );
    const released = await db.transaction((manager) =>
      enqueueInTransaction(manager, 'applications', 'webhooks', { n: 2 }, { holdMs: 60_000 }),
    );
    const done = await db.transaction((manager) =>
      enqueueInTransaction(manager, 'applications', 'webhooks', { n: 3 }, { holdMs: 60_000 }),
    );
    const written = Date.now();
    r.start();
    await waitFor(() => r.batchCount >= 5);
    // nothing is ready: the polls read no table, and the queue has none of the three
    expect(r.passes.job).toBe(0);
    expect(await queue.getJob(held.jobId)).toBeUndefined();

    // the caller gives one back and finishes another (statements for its own use)
    const statements = heldJobStatements(db, '$1');
    await db.query(statements.release, [released.id]);
    await db.query(statements.delete, [done.id]);
    await waitFor(() => queue.getJob(released.jobId), { timeoutMs: 5000, message: 'the released job' });
    expect(await queue.getJob(held.jobId)).toBeUndefined();

    await waitFor(() => queue.getJob(held.jobId), {
      timeoutMs: 5000,
      message: 'the held job, after its hold',
    });
    expect(Date.now() - written).toBeGreaterThanOrEqual(1400);
    expect(await queue.getJob(done.jobId)).toBeUndefined();
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM "${schema.schema}".outbox_jobs ORDER BY id`,
    );
    expect(rows.map((row) => row.id)).toEqual([held.id, released.id]);
    // once published, the statements touch the row no more
    await db.query(statements.delete, [held.id]);
    expect(
      await db.query(`SELECT id FROM "${schema.schema}".outbox_jobs WHERE id = $1`, [held.id]),
    ).toHaveLength(1);
  });

  it('runs afterCommit actions after the commit, in order, and never after a rollback', async () => {
    expect(() => afterCommit(db.manager, () => undefined)).toThrow(/open transaction/);
    const ran: string[] = [];
    await db.transaction(async (manager) => {
      afterCommit(manager, () => ran.push('first'));
      afterCommit(manager, () => {
        throw new Error('an action’s own failure does not touch the commit');
      });
      afterCommit(manager, () => ran.push('second'));
      await manager.query('SELECT 1');
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['first', 'second']);

    await expect(
      db.transaction(async (manager) => {
        afterCommit(manager, () => ran.push('rolled back'));
        await manager.query('SELECT 1');
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db.transaction(async (manager) => {
      await manager.transaction(async (inner) => {
        afterCommit(inner, () => ran.push('in a savepoint'));
        await inner.query('SELECT 1');
      });
      expect(ran).toEqual(['first', 'second']); // a released savepoint is not the commit
    });
    expect(ran).toEqual(['first', 'second', 'in a savepoint']);
  });

  it('shares a queue’s rate limit with its Worker (takeQueueRateLimit)', async () => {
    const redis = new Redis(redisUrl);
    const name = jobQueueName('notifications', 'mail');
    const limit = { max: 3, durationMs: 60_000 };
    try {
      // two units taken outside the queue leave one for the Worker in this window
      expect(await takeQueueRateLimit(redis, queuePrefix, name, limit)).toBe(true);
      expect(await takeQueueRateLimit(redis, queuePrefix, name, limit)).toBe(true);
      const queue = queueOf(name);
      const ran: string[] = [];
      const worker = new Worker(
        name,
        (job) => {
          ran.push(String(job.id));
          return Promise.resolve();
        },
        {
          connection: { url: redisUrl, maxRetriesPerRequest: null },
          prefix: queuePrefix,
          limiter: { max: limit.max, duration: limit.durationMs },
        },
      );
      try {
        await queue.add('a', {}, { jobId: 'a' });
        await queue.add('b', {}, { jobId: 'b' });
        await waitFor(() => ran.length >= 1);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(ran).toEqual(['a']);
      } finally {
        await worker.close(true);
      }
      // the Worker's unit used up the window for everyone
      expect(await takeQueueRateLimit(redis, queuePrefix, name, limit)).toBe(false);
      const ttl = await redis.pttl(`${queuePrefix}:${name}:limiter`);
      expect(ttl).toBeGreaterThan(50_000);
    } finally {
      redis.disconnect();
    }
  });

  it('prunes published rows older than the retention, never unpublished ones', async () => {
    await publish([sampleEvent(0), sampleEvent(3)]);
    const r = relay();
    await r.publishBatch();
    const unpublished = sampleEvent(6);
    await publish([unpublished]);
    await db.query(
      `UPDATE ${outbox()} SET published_at = now() - interval '8 days' WHERE published_at IS NOT NULL`,
    );
    await expect(r.prune(7 * 24 * 3600_000)).resolves.toBe(2);
    const rows: { id: string }[] = await db.query(`SELECT id FROM ${outbox()}`);
    expect(rows.map((x) => x.id)).toEqual([unpublished.id]);
  });
});
