import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTable, quoteIdent, schemaOf } from './tables';

/**
 * Creates the messaging tables (`outbox`, `inbox`) in the schema of the DataSource running it (its
 * `schema` option; the search path's first schema without one). Every service lists it in its own
 * TypeORM `migrations`, so each service's schema gets its own tables.
 */
export class MessagingTables1764000000000 implements MigrationInterface {
  name = 'MessagingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection);
    if (schema) await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const outbox = messagingTable(queryRunner, 'outbox');
    const inbox = messagingTable(queryRunner, 'inbox');
    await queryRunner.query(`
      CREATE TABLE ${outbox} (
        "id" uuid NOT NULL,
        "type" text NOT NULL,
        "version" int NOT NULL,
        "source" text NOT NULL,
        "subject" text NOT NULL,
        "data" jsonb NOT NULL,
        "trace_id" text,
        "occurred_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "published_at" timestamptz,
        "attempts" int NOT NULL DEFAULT 0,
        "last_error" text,
        CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_idx" ON ${outbox} ("created_at", "id") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_published_idx" ON ${outbox} ("published_at") WHERE "published_at" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE ${inbox} (
        "event_id" uuid NOT NULL,
        "consumer" text NOT NULL,
        "type" text NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "inbox_pkey" PRIMARY KEY ("event_id", "consumer")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${messagingTable(queryRunner, 'inbox')}`);
    await queryRunner.query(`DROP TABLE ${messagingTable(queryRunner, 'outbox')}`);
  }
}

/** Add these to the service's TypeORM `migrations` (before the service's own). */
export const MESSAGING_MIGRATIONS = [MessagingTables1764000000000] as const;
