import {
  InboxEventEntity,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessagingJobs1766700000000,
  MessagingTables1764000000000,
  OutboxEventEntity,
  OutboxJobEntity,
} from '../src';
import { createTestSchema, defined, type TestSchema } from '@buergeramt/testing';
import { DataSource } from 'typeorm';

describe('messaging tables', () => {
  let schema: TestSchema;
  let db: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('msg_schema');
    db = new DataSource({
      type: 'postgres',
      url: schema.url,
      schema: schema.schema,
      entities: [...MESSAGING_ENTITIES],
      migrations: [...MESSAGING_MIGRATIONS],
      logging: false,
    });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  const tables = async (): Promise<string[]> => {
    const rows: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema.schema],
    );
    return rows.map((r) => r.table_name);
  };

  it('are created by the migration in the DataSource schema, matching the entities exactly', async () => {
    const ran = await db.runMigrations();
    expect(ran.map((m) => m.name)).toEqual([
      'MessagingTables1764000000000',
      'MessagingJobs1766700000000',
      'MessagingJobHold1767100000000',
    ]);
    expect(await tables()).toEqual(['inbox', 'migrations', 'outbox', 'outbox_jobs']);
    // TypeORM finds nothing to change: entities and migration describe the same tables and indexes
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('map rows through the entities', async () => {
    await db.getRepository(InboxEventEntity).insert({
      eventId: '01890a5d-ac96-774b-bcce-b302099a8057',
      consumer: 'X.y',
      type: 'identity.account-deleted',
    });
    const [row] = await db.getRepository(InboxEventEntity).find();
    expect(defined(row, 'the inbox row').processedAt).toBeInstanceOf(Date);
    expect(await db.getRepository(OutboxEventEntity).count()).toBe(0);
    expect(await db.getRepository(OutboxJobEntity).count()).toBe(0);
  });

  it('are dropped by the migrations going down', async () => {
    const runner = db.createQueryRunner();
    try {
      await new MessagingJobs1766700000000().down(runner);
      expect(await tables()).toEqual(['inbox', 'migrations', 'outbox']);
      await new MessagingTables1764000000000().down(runner);
    } finally {
      await runner.release();
    }
    expect(await tables()).toEqual(['migrations']);
  });
});

describe('the jobs migration on a schema that has events already', () => {
  let schema: TestSchema;
  let db: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('msg_upgrade');
    db = new DataSource({
      type: 'postgres',
      url: schema.url,
      schema: schema.schema,
      entities: [...MESSAGING_ENTITIES],
      migrations: [MessagingTables1764000000000],
      logging: false,
    });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('adds outbox_jobs and keeps the outbox and inbox rows as they were', async () => {
    await db.runMigrations();
    const outbox = `"${schema.schema}".outbox`;
    await db.query(
      `INSERT INTO ${outbox} (id, type, version, source, subject, data, occurred_at)
       VALUES ('01890a5d-ac96-774b-bcce-b302099a8057', 'identity.account-deleted', 1, 'identity', 'u', '{"userId":"u"}', now())`,
    );
    const before: unknown = await db.query(`SELECT * FROM ${outbox}`);
    const runner = db.createQueryRunner();
    try {
      await new MessagingJobs1766700000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await db.query(`SELECT * FROM ${outbox}`)).toEqual(before);
    expect(await db.getRepository(OutboxJobEntity).count()).toBe(0);
  });
});
