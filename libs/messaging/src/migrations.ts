import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTable, quoteIdent, schemaOf } from './tables';

/**
 * Creates the messaging tables (`outbox`, `inbox`; `outbox_jobs` comes with the next migration) in the
 * schema of the DataSource running it (its `schema` option; the search path's first schema without one).
 * Every service lists it in its own TypeORM `migrations`, so each service's schema gets its own tables.
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

/**
 * Creates `outbox_jobs`, the outbox of the service's own jobs (`enqueueInTransaction`), beside `outbox`
 * (events keep their table, their rows and their relay behaviour unchanged).
 */
export class MessagingJobs1766700000000 implements MigrationInterface {
  name = 'MessagingJobs1766700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const jobs = messagingTable(queryRunner, 'outbox_jobs');
    await queryRunner.query(`
      CREATE TABLE ${jobs} (
        "id" uuid NOT NULL,
        "queue" text NOT NULL,
        "name" text NOT NULL,
        "job_id" text,
        "data" jsonb NOT NULL,
        "delay_ms" bigint NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "published_at" timestamptz,
        "attempts" int NOT NULL DEFAULT 0,
        "last_error" text,
        CONSTRAINT "outbox_jobs_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "outbox_jobs_unpublished_idx" ON ${jobs} ("created_at", "id") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_jobs_published_idx" ON ${jobs} ("published_at") WHERE "published_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${messagingTable(queryRunner, 'outbox_jobs')}`);
  }
}

/**
 * `outbox_jobs.not_before`: a row held back from the relay until then (`EnqueueOptions.holdMs`), for a job
 * its caller means to do itself right after the commit. Existing rows get NULL (no hold).
 */
export class MessagingJobHold1767100000000 implements MigrationInterface {
  name = 'MessagingJobHold1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${messagingTable(queryRunner, 'outbox_jobs')} ADD COLUMN "not_before" timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${messagingTable(queryRunner, 'outbox_jobs')} DROP COLUMN "not_before"`,
    );
  }
}

/** Add these to the service's TypeORM `migrations` (before the service's own). */
export const MESSAGING_MIGRATIONS = [
  MessagingTables1764000000000,
  MessagingJobs1766700000000,
  MessagingJobHold1767100000000,
] as const;
