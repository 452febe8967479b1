// The service's own jobs: `outbox.enqueue` in the transaction of the change, the relay adding them to the
// job queue, `@OnJob` handlers run once in effect (the inbox), through a Redis restart and a SIGKILL of
// the process running the handler. Real Postgres, real Redis (the shared one, and one of the test's own
// for the restart), own schemas and queue prefixes, nothing left behind.
import { jobQueueName } from '@buergeramt/contracts';
import {
  bootTestApp,
  cleanupQueuePrefix,
  createTestSchema,
  defined,
  drainQueues,
  RedisServer,
  spawnTsProcess,
  type TestApp,
  testRedis,
  type TestSchema,
  type TsProcess,
  uniqueQueuePrefix,
  waitFor,
} from '@buergeramt/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import {
  enqueueInTransaction,
  jobInboxKey,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessagingAdmin,
  MessagingRuntime,
  outboxJobRow,
} from '../src';
import {
  DeliverJobs,
  Deliveries,
  DeliveriesTable1766700000001,
  DeliveryEffectEntity,
  JOB_ATTEMPTS,
  JOB_BACKOFF_MS,
  JOB_QUEUE,
  JOB_SERVICE,
  JobTestModule,
} from './job-fixtures';

const QUEUE_NAME = jobQueueName(JOB_SERVICE, JOB_QUEUE);
let keys = 0;
const newKey = (): string => `k${++keys}-${Date.now()}`;

interface Running {
  app: TestApp;
  db: DataSource;
  jobs: DeliverJobs;
  deliveries: Deliveries;
  queue: Queue;
}

async function boot(schema: TestSchema, redisUrl: string, queuePrefix: string): Promise<Running> {
  const app = await bootTestApp(
    JobTestModule.register({ url: schema.url, schema: schema.schema, redisUrl, queuePrefix }),
    { logger: false },
  );
  return {
    app,
    db: app.app.get<DataSource>(getDataSourceToken()),
    jobs: app.app.get(DeliverJobs),
    deliveries: app.app.get(Deliveries),
    queue: new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: queuePrefix }),
  };
}

async function inboxRows(db: DataSource, jobId: string): Promise<number> {
  const schema = (db.options as { schema: string }).schema;
  const rows: { n: string }[] = await db.query(
    `SELECT count(*) AS n FROM "${schema}".inbox WHERE event_id = $1`,
    [jobInboxKey(QUEUE_NAME, jobId)],
  );
  return Number(defined(rows[0], 'a count').n);
}

async function outboxJobs(
  db: DataSource,
  where = 'true',
): Promise<{ id: string; published_at: Date | null }[]> {
  const schema = (db.options as { schema: string }).schema;
  return db.query(`SELECT id, published_at FROM "${schema}".outbox_jobs WHERE ${where}`);
}

describe('jobs: outbox.enqueue and @OnJob (real Postgres, real Redis)', () => {
  let schema: TestSchema;
  let redisUrl: string;
  let queuePrefix: string;
  let s: Running;

  beforeAll(async () => {
    redisUrl = await testRedis();
    queuePrefix = uniqueQueuePrefix('jobs');
    schema = await createTestSchema('jobs');
    s = await boot(schema, redisUrl, queuePrefix);
  });

  afterAll(async () => {
    await s?.queue.close();
    await s?.app.close();
    await schema?.drop();
    await cleanupQueuePrefix(redisUrl, queuePrefix);
  });

  it('runs a job on the queue of its registry entry, one Worker per queue', () => {
    const runtime = s.app.app.get(MessagingRuntime);
    expect(runtime.jobQueues).toEqual([JOB_QUEUE]);
    expect(runtime.jobConsumer(JOB_QUEUE)?.queueName).toBe('{applications.webhooks}');
  });

  it('publishes nothing for a job enqueued in a transaction that rolled back', async () => {
    const key = newKey();
    await expect(s.deliveries.enqueue(key, { rollback: true })).rejects.toThrow('after the enqueue');
    const relay = s.app.app.get(MessagingRuntime).relay!;
    const batches = relay.batchCount;
    await waitFor(() => relay.batchCount >= batches + 3, { message: 'three more relay polls' });
    expect(await outboxJobs(s.db, `data->>'key' = '${key}'`)).toEqual([]);
    const jobs = await s.queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    expect(jobs.filter((job) => (job.data as { key: string }).key === key)).toEqual([]);
    expect(s.jobs.runsOf(key)).toEqual([]);
    expect(await s.deliveries.effects(key)).toBe(0);
  });

  it('refuses to enqueue outside a transaction, on a queue not in JOB_QUEUES, or with a bad job id', async () => {
    await expect(enqueueInTransaction(s.db.manager, JOB_SERVICE, JOB_QUEUE, { key: 'x' })).rejects.toThrow(
      /open transaction/,
    );
    await expect(
      s.db.transaction((m) => enqueueInTransaction(m, JOB_SERVICE, 'mail' as never, { key: 'x' })),
    ).rejects.toThrow(/not a job queue of applications/);
    await expect(s.deliveries.enqueue('x', { jobId: 'a:b' })).rejects.toThrow(/invalid job id/);
    await expect(s.deliveries.enqueue('x', { jobId: '42' })).rejects.toThrow(/invalid job id/);
    expect(await s.deliveries.effects('x')).toBe(0);
  });

  it('handles a committed job exactly once, and a re-published row changes nothing', async () => {
    const key = newKey();
    const job = await s.deliveries.enqueue(key);
    await waitFor(async () => (await s.deliveries.effects(key)) === 1, { message: 'the job handled' });
    await drainQueues([s.queue]);
    const added = await s.queue.getJob(job.jobId);
    expect(added?.name).toBe('deliver');
    expect(added?.data).toEqual({ key });
    expect(added?.returnvalue).toBe('handled');
    expect(job.jobId).toBe(job.id); // the row id is the job id

    // a relay that died between adding the job and marking the row: the row is published again, and
    // BullMQ ignores the add (same job id, the completed job is still there)
    const outbox = `"${schema.schema}".outbox_jobs`;
    await s.db.query(`UPDATE ${outbox} SET published_at = NULL WHERE id = $1`, [job.id]);
    await waitFor(async () => (await outboxJobs(s.db, `id = '${job.id}'`))[0]?.published_at, {
      message: 'the row published again',
    });
    await drainQueues([s.queue]);
    expect(s.jobs.runsOf(key)).toHaveLength(1);

    // and once the completed job is gone from Redis, the new job finds the handler's inbox record
    await (await s.queue.getJob(job.jobId))?.remove();
    await s.db.query(`UPDATE ${outbox} SET published_at = NULL WHERE id = $1`, [job.id]);
    const again = await waitFor(async () => {
      const j = await s.queue.getJob(job.jobId);
      return j && (await j.isCompleted()) ? s.queue.getJob(job.jobId) : null;
    });
    expect(again?.returnvalue).toBe('duplicate');
    expect(s.jobs.runsOf(key)).toHaveLength(1);
    expect(await s.deliveries.effects(key)).toBe(1);
    expect(await inboxRows(s.db, job.jobId)).toBe(1);
  });

  it('publishes a job row written by a statement of the caller’s own (outboxJobRow), only when that wrote it', async () => {
    const key = newKey();
    const skipped = newKey();
    // one statement: the change and, in a data-modifying CTE, its job only when the change happened
    const write = async (k: string, happened: boolean) => {
      const row = outboxJobRow(s.db, JOB_SERVICE, JOB_QUEUE, { key: k }, { name: 'deliver' }, 2);
      await s.db.query(
        `WITH change AS (SELECT $1::boolean AS happened),
              job AS (${row.insertInto} SELECT ${row.values} FROM change WHERE happened)
         SELECT happened FROM change`,
        [happened, ...row.params],
      );
      return row.job;
    };
    const job = await write(key, true);
    await write(skipped, false);
    expect(job).toMatchObject({ jobId: job.id, queue: QUEUE_NAME, name: 'deliver' });
    await waitFor(async () => (await s.deliveries.effects(key)) === 1, { message: 'the job handled' });
    expect(await outboxJobs(s.db, `data->>'key' = '${skipped}'`)).toEqual([]);
    expect(s.jobs.runsOf(skipped)).toEqual([]);
    expect(() => outboxJobRow(s.db, JOB_SERVICE, 'mail' as never, {})).toThrow(/not a job queue/);
    expect(() => outboxJobRow(s.db, JOB_SERVICE, JOB_QUEUE, {}, { delay: -1 })).toThrow(/invalid delay/);
  });

  it('uses a job id of the caller’s as BullMQ job id and as the key of exactly-once', async () => {
    const key = newKey();
    const jobId = `delivery-${key}`;
    await s.deliveries.enqueue(key, { jobId });
    await waitFor(async () => (await s.deliveries.effects(key)) === 1);
    // the same job id again (a second request for the same work): added by the relay, run never again
    await s.deliveries.enqueue(key, { jobId });
    await waitFor(async () => (await outboxJobs(s.db, 'published_at IS NULL')).length === 0);
    await drainQueues([s.queue]);
    expect((await s.queue.getJob(jobId))?.returnvalue).toBe('handled');
    expect(s.jobs.runsOf(key)).toHaveLength(1);
    expect(await s.deliveries.effects(key)).toBe(1);
    expect(await inboxRows(s.db, jobId)).toBe(1);
  });

  it('honours the delay, counted from the write of the row', async () => {
    const key = newKey();
    const before = Date.now();
    const job = await s.deliveries.enqueue(key, { delay: 1200 });
    // the relay publishes at once; the job waits in the delayed set
    await waitFor(async () => (await s.queue.getJob(job.jobId))?.isDelayed(), { message: 'a delayed job' });
    expect(s.jobs.runsOf(key)).toEqual([]);
    await waitFor(() => s.jobs.runsOf(key).length === 1, { timeoutMs: 5000 });
    expect(defined(s.jobs.runsOf(key)[0], 'the run').at - before).toBeGreaterThanOrEqual(1200 - 20);
  });

  it('subtracts the time a row waited before it was published (never below zero)', async () => {
    const outbox = `"${schema.schema}".outbox_jobs`;
    const backdate = (seconds: number) => async (manager: EntityManager, job: { id: string }) =>
      manager.query<unknown>(
        `UPDATE ${outbox} SET created_at = clock_timestamp() - make_interval(secs => $2) WHERE id = $1`,
        [job.id, seconds],
      );
    const partly = newKey();
    const late = newKey();
    const a = await s.deliveries.enqueue(partly, { delay: 60_000, during: backdate(59.5) });
    const b = await s.deliveries.enqueue(late, { delay: 60_000, during: backdate(120) });
    await waitFor(() => s.jobs.runsOf(partly).length === 1 && s.jobs.runsOf(late).length === 1, {
      timeoutMs: 5000,
      message: 'both jobs run within seconds, not a minute',
    });
    const delayOf = async (id: string) => (await s.queue.getJob(id))?.opts.delay ?? -1;
    expect(await delayOf(a.jobId)).toBeGreaterThan(0);
    expect(await delayOf(a.jobId)).toBeLessThanOrEqual(500);
    expect(await delayOf(b.jobId)).toBe(0);
  });

  it('retries a failing handler with growing backoff, rolling back each failed run', async () => {
    const key = newKey();
    s.jobs.failures.set(key, 2);
    const job = await s.deliveries.enqueue(key);
    await waitFor(async () => (await s.deliveries.effects(key)) === 1, { message: 'the third try' });
    await drainQueues([s.queue]);
    const runs = s.jobs.runsOf(key);
    expect(runs.map((r) => [r.attempt, r.attempts])).toEqual([
      [1, JOB_ATTEMPTS],
      [2, JOB_ATTEMPTS],
      [3, JOB_ATTEMPTS],
    ]);
    // three runs, as the line before proves
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(JOB_BACKOFF_MS - 5);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(2 * JOB_BACKOFF_MS - 5);
    expect(await inboxRows(s.db, job.jobId)).toBe(1);
  });

  it('keeps a job that failed every attempt in the failed set, with nothing of it committed', async () => {
    const key = newKey();
    s.jobs.failures.set(key, 'always');
    const job = await s.deliveries.enqueue(key);
    await waitFor(async () => (await s.queue.getJob(job.jobId))?.isFailed(), { timeoutMs: 10_000 });
    const failed = await s.queue.getJob(job.jobId);
    expect(failed?.attemptsMade).toBe(JOB_ATTEMPTS);
    expect(failed?.failedReason).toBe(`cannot deliver ${key}`);
    expect(s.jobs.runsOf(key)).toHaveLength(JOB_ATTEMPTS);
    expect(await s.deliveries.effects(key)).toBe(0);
    expect(await inboxRows(s.db, job.jobId)).toBe(0);
  });

  it('shows admins a job that failed for good (MessagingAdmin, beside the event queue) and retries it once', async () => {
    const key = newKey();
    s.jobs.failures.set(key, 'always');
    const job = await s.deliveries.enqueue(key);
    await waitFor(async () => (await s.queue.getJob(job.jobId))?.isFailed(), { timeoutMs: 10_000 });
    const admin = s.app.app.get(MessagingAdmin);
    expect(admin.jobQueues).toEqual(['housekeeping', 'maintenance', 'webhooks']);
    const failed = await admin.listFailedJobs(JOB_QUEUE);
    expect(failed).toContainEqual({
      queue: JOB_QUEUE,
      jobId: job.jobId,
      name: 'deliver',
      data: { key },
      attemptsMade: JOB_ATTEMPTS,
      failedReason: `cannot deliver ${key}`,
      stacktrace: expect.any(Array),
      failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const counts = await admin.jobQueueCounts();
    expect(Object.keys(counts)).toEqual(['housekeeping', 'maintenance', 'webhooks']);
    expect(counts[JOB_QUEUE]?.failed).toBeGreaterThanOrEqual(1);
    expect(counts.maintenance).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 });
    // the event queue's answers stay the events' own
    expect(await admin.listFailed()).toEqual([]);
    expect((await admin.jobCounts()).failed).toBe(0);
    await expect(admin.retryFailed(job.jobId)).resolves.toBe(false);
    expect(() => admin.jobQueue('mail')).toThrow(/not a job queue of applications/);

    // the cause is fixed; an admin retries the job: a fresh set of attempts, handled once
    s.jobs.failures.delete(key);
    await expect(admin.retryFailedJob(JOB_QUEUE, job.jobId)).resolves.toBe(true);
    await waitFor(async () => (await s.deliveries.effects(key)) === 1, {
      message: 'the retried job handled',
    });
    await drainQueues([s.queue]);
    expect((await s.queue.getJob(job.jobId))?.returnvalue).toBe('handled');
    expect(s.jobs.runsOf(key).map((run) => run.attempt)).toEqual([
      ...Array.from({ length: JOB_ATTEMPTS }, (_, i) => i + 1),
      1,
    ]);
    expect((await admin.listFailedJobs(JOB_QUEUE)).map((j) => j.jobId)).not.toContain(job.jobId);
    await expect(admin.retryFailedJob(JOB_QUEUE, job.jobId)).resolves.toBe(false);
    expect(await inboxRows(s.db, job.jobId)).toBe(1);
  });
});

describe('jobs through a Redis restart (a redis-server of the test’s own)', () => {
  let redis: RedisServer & { dispose(): Promise<void> };
  let schema: TestSchema;
  let queuePrefix: string;
  let s: Running;

  beforeAll(async () => {
    redis = await RedisServer.temporary();
    queuePrefix = uniqueQueuePrefix('jobs-restart');
    schema = await createTestSchema('jobs_restart');
    s = await boot(schema, redis.url, queuePrefix);
  });

  afterAll(async () => {
    await s?.queue.close();
    await s?.app.close();
    await schema?.drop();
    await redis?.dispose(); // its data directory goes with it: nothing left behind
  });

  afterEach(async () => {
    await redis.start();
  });

  it('publishes a job committed while Redis was away once it is back, and runs it once', async () => {
    await redis.stop();
    const key = newKey();
    const job = await s.deliveries.enqueue(key);
    await waitFor(
      async () => {
        const schemaName = schema.schema;
        const [row] = await s.db.query<{ attempts: number; last_error: string | null }[]>(
          `SELECT attempts, last_error FROM "${schemaName}".outbox_jobs WHERE id = $1`,
          [job.id],
        );
        return row && row.attempts >= 2 && row.last_error;
      },
      { timeoutMs: 10_000, message: 'the relay to record failed adds' },
    );
    await redis.start();
    await waitFor(async () => (await s.deliveries.effects(key)) === 1, {
      timeoutMs: 20_000,
      message: 'the job run after Redis came back',
    });
    await drainQueues([s.queue]);
    expect(s.jobs.runsOf(key)).toHaveLength(1);
    expect(await inboxRows(s.db, job.jobId)).toBe(1);
  });

  it('never runs again a job whose handler committed while Redis restarted', async () => {
    const key = newKey();
    let release!: () => void;
    s.jobs.gates.set(key, new Promise<void>((resolve) => (release = resolve)));
    const job = await s.deliveries.enqueue(key);
    await waitFor(() => s.jobs.runsOf(key).length === 1, { message: 'the handler running' });
    // Redis goes away while the handler runs; the handler commits; BullMQ cannot record the completion
    await redis.stop();
    release();
    await waitFor(async () => (await s.deliveries.effects(key)) === 1, { message: 'the handler committed' });
    await sleep(1500); // longer than the job's lock (1 s)
    await redis.start();
    // the Worker's completion reaches Redis after the restart, but the job's lock has expired by then: BullMQ
    // runs the job again as stalled, and the inbox skips it (after a shorter outage the completion is
    // simply recorded late)
    await waitFor(async () => (await s.queue.getJob(job.jobId))?.isCompleted(), {
      timeoutMs: 20_000,
      message: 'the job completed after the restart',
    });
    const completed = await s.queue.getJob(job.jobId);
    expect(completed?.returnvalue).toBe('duplicate');
    expect(s.jobs.runsOf(key)).toHaveLength(1);
    expect(await s.deliveries.effects(key)).toBe(1);
    expect(await inboxRows(s.db, job.jobId)).toBe(1);
  });

  it('keeps waiting and delayed jobs through the restart and runs each once', async () => {
    const keysHere = [newKey(), newKey(), newKey()];
    const jobs = [];
    for (const [i, key] of keysHere.entries())
      jobs.push(await s.deliveries.enqueue(key, { delay: 1500 + i * 100 }));
    await waitFor(async () => (await outboxJobs(s.db, 'published_at IS NULL')).length === 0, {
      message: 'all published',
    });
    await redis.stop();
    await sleep(300);
    await redis.start();
    await waitFor(
      async () => (await Promise.all(keysHere.map((k) => s.deliveries.effects(k)))).every((n) => n === 1),
      { timeoutMs: 20_000, message: 'every delayed job run' },
    );
    await drainQueues([s.queue]);
    for (const key of keysHere) expect(s.jobs.runsOf(key)).toHaveLength(1);
    for (const job of jobs) expect(await inboxRows(s.db, job.jobId)).toBe(1);
  });
});

describe('jobs through a SIGKILL of the process running the handler', () => {
  const fixture = path.join(__dirname, 'job-worker.process.ts');
  let redisUrl: string;
  let queuePrefix: string;
  let schema: TestSchema;
  let db: DataSource;
  let queue: Queue;
  const processes: TsProcess[] = [];

  const start = async (hang?: 'in-handler' | 'after-commit'): Promise<TsProcess> => {
    const child = spawnTsProcess(fixture, {
      JOB_DB_URL: schema.url,
      JOB_DB_SCHEMA: schema.schema,
      JOB_REDIS_URL: redisUrl,
      JOB_QUEUE_PREFIX: queuePrefix,
      ...(hang ? { JOB_HANG: hang } : {}),
    });
    processes.push(child);
    await child.waitForLine(/^ready$/, 60_000);
    return child;
  };

  const enqueue = (key: string) =>
    db.transaction((manager) =>
      enqueueInTransaction(manager, JOB_SERVICE, JOB_QUEUE, { key }, { name: 'deliver' }),
    );

  const effects = (key: string) => db.getRepository(DeliveryEffectEntity).countBy({ key });

  beforeAll(async () => {
    redisUrl = await testRedis();
    queuePrefix = uniqueQueuePrefix('jobs-kill');
    schema = await createTestSchema('jobs_kill');
    db = new DataSource({
      type: 'postgres',
      url: schema.url,
      schema: schema.schema,
      entities: [...MESSAGING_ENTITIES, DeliveryEffectEntity],
      migrations: [...MESSAGING_MIGRATIONS, DeliveriesTable1766700000001],
      logging: false,
      extra: { max: 2 },
    });
    await db.initialize();
    await db.runMigrations();
    queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: queuePrefix });
  });

  afterAll(async () => {
    for (const child of processes.splice(0)) await child.kill();
    await queue?.close();
    await db?.destroy();
    await schema?.drop();
    await cleanupQueuePrefix(redisUrl, queuePrefix);
  });

  it('runs a job whose process was killed mid-handler again, with its effect there once', async () => {
    const key = newKey();
    const first = await start('in-handler');
    const job = await enqueue(key);
    await first.waitForLine(new RegExp(`^effect ${key}$`));
    await first.kill();
    expect(await effects(key)).toBe(0); // the killed transaction never committed

    const second = await start();
    await second.waitForLine(new RegExp(`^effect ${key}$`), 20_000);
    await waitFor(async () => (await queue.getJob(job.jobId))?.isCompleted(), {
      timeoutMs: 20_000,
      message: 'the job completed by the second process',
    });
    expect((await queue.getJob(job.jobId))?.returnvalue).toBe('handled');
    expect(await effects(key)).toBe(1);
    await second.stop();
  }, 120_000);

  it('does not run again a job whose process was killed after the handler committed', async () => {
    const key = newKey();
    const first = await start('after-commit');
    const job = await enqueue(key);
    await first.waitForLine(new RegExp(`^committed ${key}$`));
    await first.kill();
    expect(await effects(key)).toBe(1);
    expect(await (await queue.getJob(job.jobId))?.getState()).toBe('active');

    const second = await start();
    await waitFor(async () => (await queue.getJob(job.jobId))?.isCompleted(), {
      timeoutMs: 20_000,
      message: 'the stalled job taken up by the second process',
    });
    expect((await queue.getJob(job.jobId))?.returnvalue).toBe('duplicate');
    expect(second.output()).not.toContain(`effect ${key}`);
    expect(await effects(key)).toBe(1);
    await second.stop();
  }, 120_000);
});
