import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook jobs are written with the delivery row (`outbox.enqueue`) and published by the messaging relay, no
 * longer by the webhook dispatcher: a pending delivery the dispatcher had not handed over yet gets its job
 * row in `outbox_jobs` (messaging's MessagingJobs1766700000000 runs first), and `enqueued_at`, the
 * dispatcher's mark, goes with its index. Deliveries the dispatcher had handed over keep their jobs in
 * Redis (job id = delivery id, name `deliver`); the new handler takes them as they are.
 */
export class WebhookJobsThroughTheOutbox1766800000000 implements MigrationInterface {
  name = 'WebhookJobsThroughTheOutbox1766800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const deliveries = qualifiedTable(queryRunner, 'webhook_deliveries');
    await queryRunner.query(
      `INSERT INTO ${qualifiedTable(queryRunner, 'outbox_jobs')} ("id", "queue", "name", "data")
       SELECT gen_random_uuid(), 'webhooks', 'deliver', jsonb_build_object('deliveryId', "id")
         FROM ${deliveries}
        WHERE "status" = 'pending' AND "enqueued_at" IS NULL
        ORDER BY "created_at", "id"`,
    );
    await queryRunner.query(`DROP INDEX ${qualifiedTable(queryRunner, 'webhook_deliveries_unqueued_idx')}`);
    await queryRunner.query(`ALTER TABLE ${deliveries} DROP COLUMN "enqueued_at"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const deliveries = qualifiedTable(queryRunner, 'webhook_deliveries');
    await queryRunner.query(`ALTER TABLE ${deliveries} ADD COLUMN "enqueued_at" timestamptz`);
    // every delivery has its job (in Redis, or in outbox_jobs for the relay): the dispatcher leaves them
    await queryRunner.query(`UPDATE ${deliveries} SET "enqueued_at" = "created_at"`);
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_unqueued_idx" ON ${deliveries} ("created_at") WHERE "enqueued_at" IS NULL`,
    );
  }
}
