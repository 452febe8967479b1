// @Repeat: a provider method on a repeatable job, started and stopped by MessagingRuntime. Two replicas of
// one service share the scheduler: every occurrence runs once, in one of them.
import {
  bootTestApp,
  cleanupQueuePrefix,
  createTestSchema,
  defined,
  type TestApp,
  testRedis,
  type TestSchema,
  uniqueQueuePrefix,
  waitFor,
} from '@buergeramt/testing';
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessagingModule,
  MessagingRuntime,
  Repeat,
  ScheduledJob,
} from '../src';

const EVERY_MS = 400;

/** Every run of the job in this process, by replica, with the time it began. */
const runs: { replica: string; at: number }[] = [];

@Injectable()
class Ticker {
  constructor(readonly replica: string) {}

  @Repeat<Ticker>({ queue: 'maintenance', schedulerId: 'test-ticker', name: 'tick', every: () => EVERY_MS })
  async run(): Promise<void> {
    runs.push({ replica: this.replica, at: Date.now() });
    await sleep(20);
  }
}

@Module({})
class ReplicaModule {
  static register(replica: string, schema: TestSchema, redisUrl: string, queuePrefix: string): DynamicModule {
    return {
      module: ReplicaModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: schema.url,
          schema: schema.schema,
          entities: [...MESSAGING_ENTITIES],
          migrations: [...MESSAGING_MIGRATIONS],
          migrationsRun: true,
          extra: { max: 2 },
        }),
        MessagingModule.forRoot({
          service: 'identity',
          redisUrl,
          queuePrefix,
          relay: { enabled: false },
          consumer: { enabled: false },
        }),
      ],
      providers: [{ provide: Ticker, useValue: new Ticker(replica) }],
    };
  }
}

describe('@Repeat (real Redis, two replicas)', () => {
  let redisUrl: string;
  let queuePrefix: string;
  const schemas: TestSchema[] = [];
  const apps: TestApp[] = [];

  beforeAll(async () => {
    redisUrl = await testRedis();
    queuePrefix = uniqueQueuePrefix('repeat');
    for (const replica of ['a', 'b']) {
      const schema = await createTestSchema(`repeat_${replica}`);
      schemas.push(schema);
      apps.push(
        await bootTestApp(ReplicaModule.register(replica, schema, redisUrl, queuePrefix), { logger: false }),
      );
    }
  });

  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const schema of schemas.splice(0)) await schema.drop();
    await cleanupQueuePrefix(redisUrl, queuePrefix);
  });

  it('runs the method on every occurrence, once per occurrence whichever replica takes it', async () => {
    expect(defined(apps[0], 'a replica').app.get(MessagingRuntime).repeats).toEqual(['tick']);
    await waitFor(() => runs.length >= 5, { timeoutMs: 15_000, message: 'five occurrences' });
    const starts = runs.map((r) => r.at).sort((x, y) => x - y);
    // two replicas upserted one scheduler: occurrences are EVERY_MS apart, never two at once
    for (const [i, start] of starts.entries()) {
      if (i > 0) expect(start - starts[i - 1]!).toBeGreaterThan(EVERY_MS / 2); // i - 1 is an index of starts
    }
  });

  it('stops with the application: no run after both replicas closed', async () => {
    for (const app of apps.splice(0)) await app.close();
    const count = runs.length;
    await sleep(EVERY_MS * 3);
    expect(runs.length).toBe(count);
  });
});

describe('a renamed @Repeat job removes its old scheduler (real Redis)', () => {
  let redisUrl: string;
  let queuePrefix: string;

  beforeAll(async () => {
    redisUrl = await testRedis();
    queuePrefix = uniqueQueuePrefix('renamed');
  });

  afterAll(async () => {
    await cleanupQueuePrefix(redisUrl, queuePrefix);
  });

  it('the job under its new name removes the scheduler of its old queue and id, and only that one', async () => {
    const warnings: string[] = [];
    const job = (
      queueName: string,
      schedulerId: string,
      replaces?: { queueName: string; schedulerId: string }[],
    ) =>
      new ScheduledJob({
        redisUrl,
        prefix: queuePrefix,
        queueName,
        schedulerId,
        jobName: 'upkeep',
        everyMs: 60_000,
        run: () => Promise.resolve(),
        warn: (message) => warnings.push(message),
        ...(replaces ? { replaces } : {}),
      });
    // an installation of the old version: two schedulers on the old queue
    const before = [job('{identity.maintenance}', 'old-upkeep'), job('{identity.maintenance}', 'unrelated')];
    const schedulersOf = async (name: string): Promise<string[]> => {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue(name, { connection: redis, prefix: queuePrefix });
      try {
        return (await queue.getJobSchedulers()).map((s) => String(s.key));
      } finally {
        await queue.close();
        redis.disconnect();
      }
    };
    await waitFor(async () => (await schedulersOf('{identity.maintenance}')).length === 2, {
      timeoutMs: 10_000,
      message: 'the old schedulers',
    });
    for (const old of before) await old.close();

    const renamed = job('{identity.housekeeping}', 'new-upkeep', [
      { queueName: '{identity.maintenance}', schedulerId: 'old-upkeep' },
    ]);
    try {
      await renamed.retired;
      await waitFor(async () => (await schedulersOf('{identity.housekeeping}')).length === 1, {
        timeoutMs: 10_000,
        message: 'the new scheduler',
      });
      expect(await schedulersOf('{identity.maintenance}')).toEqual(['unrelated']);
      expect(await schedulersOf('{identity.housekeeping}')).toEqual(['new-upkeep']);
    } finally {
      await renamed.close();
    }
    expect(warnings).toEqual([]);
  });
});
