import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail jobs are written with the delivery row (`outbox.enqueue`) and published by the messaging relay, no
 * longer by the mail dispatcher: a queued mail the dispatcher had not handed over yet gets its job row in
 * `outbox_jobs` (messaging's MessagingJobs1766700000000 runs first), and `enqueued_at`, the dispatcher's
 * mark, goes. Mails the dispatcher had handed over keep their jobs in Redis (id = delivery id); the new
 * handler takes them as they are.
 */
export class MailJobsThroughTheOutbox1766700000001 implements MigrationInterface {
  name = 'MailJobsThroughTheOutbox1766700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const deliveries = qualifiedTable(queryRunner, 'deliveries');
    await queryRunner.query(
      `INSERT INTO ${qualifiedTable(queryRunner, 'outbox_jobs')} ("id", "queue", "name", "data")
       SELECT gen_random_uuid(), 'mail', "kind", jsonb_build_object('deliveryId', "id")
         FROM ${deliveries}
        WHERE "status" = 'queued' AND "enqueued_at" IS NULL
        ORDER BY "id"`,
    );
    await queryRunner.query(`DROP INDEX ${qualifiedTable(queryRunner, 'deliveries_to_enqueue_idx')}`);
    await queryRunner.query(`ALTER TABLE ${deliveries} DROP COLUMN "enqueued_at"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const deliveries = qualifiedTable(queryRunner, 'deliveries');
    await queryRunner.query(`ALTER TABLE ${deliveries} ADD COLUMN "enqueued_at" timestamptz`);
    // queued mails have their jobs (in Redis, or in outbox_jobs for the relay): the dispatcher leaves them
    await queryRunner.query(`UPDATE ${deliveries} SET "enqueued_at" = now() WHERE "status" = 'queued'`);
    await queryRunner.query(
      `CREATE INDEX "deliveries_to_enqueue_idx" ON ${deliveries} ("id") WHERE "status" = 'queued' AND "enqueued_at" IS NULL`,
    );
  }
}
