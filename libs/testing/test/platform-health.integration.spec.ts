// The platform's readiness probe against real outages: the service reaches Postgres and Redis only through
// TCP proxies, which are cut (connections destroyed, new ones refused) and restored.
import { type DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createApp,
  DatabaseModule,
  DatabaseServiceConfig,
  loadConfig,
  PlatformModule,
} from '@buergeramt/platform';
import { createTestSchema, eventually, TcpProxy, type TestSchema, testRedis } from '../src';

class CreateProbeTable1700000000000 implements MigrationInterface {
  name = 'CreateProbeTable1700000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE probe (id int PRIMARY KEY)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE probe');
  }
}

function appModule(config: DatabaseServiceConfig, schema: string): DynamicModule {
  @Module({})
  class HealthTestModule {}
  return {
    module: HealthTestModule,
    imports: [
      PlatformModule.forRoot({ service: 'identity', config }),
      DatabaseModule.forRoot({ schema, entities: [], migrations: [CreateProbeTable1700000000000] }),
    ],
  };
}

interface Ready {
  status: string;
  checks: Record<string, string>;
}

describe('/health/ready with the database or Redis really unreachable', () => {
  let schema: TestSchema;
  let postgresProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let app: NestFastifyApplication;

  const get = async (url: string): Promise<{ status: number; body: Ready; type: string }> => {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json<Ready>(), type: String(res.headers['content-type']) };
  };

  const expectReady = async (): Promise<void> =>
    eventually(
      async () => {
        const ready = await get('/health/ready');
        expect(ready).toMatchObject({
          status: 200,
          body: { status: 'ok', checks: { database: 'up', redis: 'up' } },
        });
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );

  beforeAll(async () => {
    schema = await createTestSchema('health');
    const redisUrl = await testRedis();
    postgresProxy = TcpProxy.forUrl(schema.url, 5432);
    redisProxy = TcpProxy.forUrl(redisUrl, 6379);
    await Promise.all([postgresProxy.start(), redisProxy.start()]);
    const config = loadConfig(DatabaseServiceConfig, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: postgresProxy.urlFor(schema.url),
      DATABASE_SCHEMA: schema.schema,
      DATABASE_POOL_SIZE: '2',
      REDIS_URL: redisProxy.urlFor(redisUrl),
    });
    app = await createApp(appModule(config, schema.schema), config, { title: 'Health test' });
  });

  afterAll(async () => {
    await postgresProxy?.restore();
    await redisProxy?.restore();
    await app?.close();
    await postgresProxy?.stop();
    await redisProxy?.stop();
    await schema?.drop();
  });

  it('is ready while both answer, through the proxies', async () => {
    await expectReady();
    expect(postgresProxy.acceptedCount).toBeGreaterThan(0);
    expect(redisProxy.acceptedCount).toBeGreaterThan(0);
  });

  it('answers 503 naming the database when Postgres is unreachable, stays live, and recovers', async () => {
    await postgresProxy.cut('refuse');
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.type).toContain('application/json');
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'down', redis: 'up' } });
    expect((await get('/health/live')).status).toBe(200);

    await postgresProxy.restore();
    await expectReady();
  });

  it('answers 503 while a partitioned database does not answer at all (black hole), and recovers', async () => {
    await postgresProxy.cut('blackhole');
    // the first probe may fail fast on a pooled connection the cut destroyed; later ones hang on a
    // connection attempt nobody answers, and must still be answered, bounded by the check's timeout
    for (let probe = 0; probe < 3; probe++) {
      const started = Date.now();
      const ready = await get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ database: 'down', redis: 'up' });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect((await get('/health/live')).status).toBe(200);

    await postgresProxy.restore();
    await expectReady();
  });

  it('answers 503 naming Redis when Redis is unreachable, stays live, and recovers', async () => {
    await redisProxy.cut('refuse');
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'up', redis: 'down' } });
    expect((await get('/health/live')).status).toBe(200);

    await redisProxy.restore();
    await expectReady();
  });

  it('answers 503 with both down, and 200 again once both are back', async () => {
    await Promise.all([postgresProxy.cut('refuse'), redisProxy.cut('refuse')]);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'down', redis: 'down' } });
    expect((await get('/health/live')).status).toBe(200);

    await Promise.all([postgresProxy.restore(), redisProxy.restore()]);
    await expectReady();
  });
});
