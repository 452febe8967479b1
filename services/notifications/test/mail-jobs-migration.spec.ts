// The upgrade from the mail dispatcher to the outbox: queued mails the dispatcher had not handed to the
// queue yet get their job rows; those it had handed over keep their jobs in Redis.
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@buergeramt/messaging';
import { createTestSchema, type TestSchema } from '@buergeramt/testing';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { migrations } from '../src/migrations';
import { NotificationsTables1764300000000 } from '../src/migrations/1764300000000-notifications-tables';
import { MailJobsThroughTheOutbox1766700000001 } from '../src/migrations/1766700000001-mail-jobs-through-the-outbox';

describe('migration MailJobsThroughTheOutbox1766700000001', () => {
  let schema: TestSchema;
  let db: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('notif_mail_jobs');
    db = new DataSource({
      type: 'postgres',
      url: schema.url,
      schema: schema.schema,
      entities: [...MESSAGING_ENTITIES],
      migrations: [...MESSAGING_MIGRATIONS, NotificationsTables1764300000000],
      logging: false,
      extra: { max: 2 },
    });
    await db.initialize();
    await db.runMigrations();
  });

  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('is the last migration of the service', () => {
    expect(migrations.at(-1)).toBe(MailJobsThroughTheOutbox1766700000001);
  });

  it('gives queued mails not yet handed to the queue a job row, and drops enqueued_at', async () => {
    const t = (name: string): string => `"${schema.schema}"."${name}"`;
    const waiting = uuidv7();
    const handedOver = uuidv7();
    const sent = uuidv7();
    for (const [id, status, enqueued] of [
      [waiting, 'queued', null],
      [handedOver, 'queued', new Date()],
      [sent, 'sent', new Date()],
    ] as const) {
      await db.query(
        `INSERT INTO ${t('deliveries')} (id, dedupe_key, kind, status, enqueued_at) VALUES ($1, $2, 'password-reset', $3, $4)`,
        [id, `key-${id}`, status, enqueued],
      );
    }
    const runner = db.createQueryRunner();
    try {
      await new MailJobsThroughTheOutbox1766700000001().up(runner);
      const jobs: { queue: string; name: string; data: unknown; published_at: Date | null }[] =
        await db.query(`SELECT queue, name, data, published_at FROM ${t('outbox_jobs')}`);
      expect(jobs).toEqual([
        { queue: 'mail', name: 'password-reset', data: { deliveryId: waiting }, published_at: null },
      ]);
      const columns: { column_name: string }[] = await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'deliveries'`,
        [schema.schema],
      );
      expect(columns.map((c) => c.column_name)).not.toContain('enqueued_at');

      await new MailJobsThroughTheOutbox1766700000001().down(runner);
      const after: { id: string; enqueued: boolean }[] = await db.query(
        `SELECT id, enqueued_at IS NOT NULL AS enqueued FROM ${t('deliveries')} WHERE status = 'queued' ORDER BY id`,
      );
      // after going back, the dispatcher leaves them alone: their jobs exist
      expect(after).toEqual([
        { id: waiting, enqueued: true },
        { id: handedOver, enqueued: true },
      ]);
    } finally {
      await runner.release();
    }
  });
});
