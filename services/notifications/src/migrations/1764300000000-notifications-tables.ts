import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notifications service's own tables: recipients, preferences, delivery log, inbox, reminders, feedback. */
export class NotificationsTables1764300000000 implements MigrationInterface {
  name = 'NotificationsTables1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    await queryRunner.query(`
      CREATE TABLE ${t('recipients')} (
        "user_id" uuid NOT NULL,
        "email" text NOT NULL,
        "given_name" text NOT NULL,
        "family_name" text,
        "locale" text NOT NULL CHECK ("locale" IN ('de', 'en')),
        "source_event_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "recipients_pkey" PRIMARY KEY ("user_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE ${t('preferences')} (
        "user_id" uuid NOT NULL,
        "email_enabled" boolean NOT NULL DEFAULT true,
        "locale" text CHECK ("locale" IN ('de', 'en')),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "preferences_pkey" PRIMARY KEY ("user_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE ${t('deliveries')} (
        "id" uuid NOT NULL,
        "dedupe_key" text NOT NULL,
        "kind" text NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('pending', 'queued', 'sent', 'failed', 'skipped')),
        "user_id" uuid,
        "recipient_email" text,
        "recipient_name" text,
        "locale" text CHECK ("locale" IN ('de', 'en')),
        "subject" text,
        "params" jsonb,
        "content" jsonb,
        "event_id" uuid,
        "event_type" text,
        "attempts" int NOT NULL DEFAULT 0,
        "history" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "last_error" text,
        "message_id" text,
        "server_response" text,
        "pending_until" timestamptz,
        "enqueued_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "failed_at" timestamptz,
        CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "deliveries_dedupe_key_key" UNIQUE ("dedupe_key")
      )`);
    await queryRunner.query(
      `CREATE INDEX "deliveries_to_enqueue_idx" ON ${t('deliveries')} ("id") WHERE "status" = 'queued' AND "enqueued_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "deliveries_pending_idx" ON ${t('deliveries')} ("user_id", "id") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "deliveries_status_idx" ON ${t('deliveries')} ("status", "id")`);
    await queryRunner.query(`CREATE INDEX "deliveries_user_idx" ON ${t('deliveries')} ("user_id")`);
    await queryRunner.query(`
      CREATE TABLE ${t('notifications')} (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "dedupe_key" text NOT NULL,
        "type" text NOT NULL,
        "params" jsonb NOT NULL,
        "link" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "read_at" timestamptz,
        CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "notifications_dedupe_key_key" UNIQUE ("dedupe_key")
      )`);
    await queryRunner.query(
      `CREATE INDEX "notifications_user_idx" ON ${t('notifications')} ("user_id", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE ${t('appointment_states')} (
        "appointment_id" uuid NOT NULL,
        "user_id" uuid,
        "status" text NOT NULL CHECK ("status" IN ('pending_confirmation', 'confirmed', 'cancelled', 'expired')),
        "start_at" timestamptz NOT NULL,
        "end_at" timestamptz NOT NULL,
        "reminder" text NOT NULL CHECK ("reminder" IN ('none', 'scheduled', 'sent', 'removed', 'missed')),
        "reminder_due_at" timestamptz,
        "payload" jsonb NOT NULL,
        "last_event_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "appointment_states_pkey" PRIMARY KEY ("appointment_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "appointment_states_user_idx" ON ${t('appointment_states')} ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "appointment_states_end_idx" ON ${t('appointment_states')} ("end_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE ${t('feedback_requests')} (
        "person_key" text NOT NULL,
        "last_requested_at" timestamptz NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" uuid NOT NULL,
        CONSTRAINT "feedback_requests_pkey" PRIMARY KEY ("person_key")
      )`);
    await queryRunner.query(`
      CREATE TABLE ${t('erased_users')} (
        "user_id" uuid NOT NULL,
        "erased_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "erased_users_pkey" PRIMARY KEY ("user_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'erased_users',
      'feedback_requests',
      'appointment_states',
      'notifications',
      'deliveries',
      'preferences',
      'recipients',
    ]) {
      await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, name)}`);
    }
  }
}
