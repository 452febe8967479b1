import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue, forms, applications with their timeline and messages, read models fed by other services'
 * events, idempotency keys, the audit log, webhooks and feedback. Unqualified names land in the service's
 * own schema (the DataSource puts it first on the search path).
 */
export class ApplicationsTables1764300000000 implements MigrationInterface {
  name = 'ApplicationsTables1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "services" (
        "id" uuid NOT NULL,
        "slug" text NOT NULL,
        "leika_key" text,
        "name" jsonb NOT NULL,
        "summary" jsonb NOT NULL,
        "description" jsonb NOT NULL,
        "synonyms" text[] NOT NULL DEFAULT '{}',
        "fee_amount" numeric(10, 2),
        "fee_text" jsonb NOT NULL,
        "required_documents" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "processing_days" int NOT NULL CHECK ("processing_days" >= 0),
        "appointment_required" boolean NOT NULL,
        "online_application" boolean NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "demo" boolean NOT NULL DEFAULT false,
        "search" tsvector,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "services_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "services_slug_key" UNIQUE ("slug")
      )`);
    // German stemming for the German texts, the simple dictionary for English texts and synonyms
    await q.query(`
      CREATE FUNCTION "services_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW."search" :=
          setweight(to_tsvector('german', coalesce(NEW."name"->>'de', '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(NEW."name"->>'en', '')), 'A') ||
          setweight(to_tsvector('simple', array_to_string(NEW."synonyms", ' ')), 'A') ||
          setweight(to_tsvector('german', coalesce(NEW."summary"->>'de', '')), 'B') ||
          setweight(to_tsvector('english', coalesce(NEW."summary"->>'en', '')), 'C');
        RETURN NEW;
      END
      $$`);
    await q.query(
      `CREATE TRIGGER "services_search_update" BEFORE INSERT OR UPDATE ON "services"
       FOR EACH ROW EXECUTE FUNCTION "services_search_vector"()`,
    );
    await q.query(`CREATE INDEX "services_search_idx" ON "services" USING gin ("search")`);

    await q.query(`
      CREATE TABLE "forms" (
        "id" uuid NOT NULL,
        "service_id" uuid NOT NULL REFERENCES "services" ("id"),
        "version" int NOT NULL,
        "schema" jsonb NOT NULL,
        "ui" jsonb NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" text,
        CONSTRAINT "forms_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "forms_service_version_key" UNIQUE ("service_id", "version")
      )`);
    // published versions are immutable, for real
    await q.query(`
      CREATE FUNCTION "forms_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published form versions are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(
      `CREATE TRIGGER "forms_no_update" BEFORE UPDATE ON "forms" FOR EACH ROW EXECUTE FUNCTION "forms_immutable"()`,
    );

    await q.query(`
      CREATE TABLE "applications" (
        "id" uuid NOT NULL,
        "service_id" uuid NOT NULL REFERENCES "services" ("id"),
        "form_id" uuid NOT NULL REFERENCES "forms" ("id"),
        "form_version" int NOT NULL,
        "owner_id" uuid,
        "status" text NOT NULL CHECK ("status" IN ('draft', 'submitted', 'in_review', 'info_requested', 'approved', 'rejected', 'withdrawn')),
        "data" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "document_ids" uuid[] NOT NULL DEFAULT '{}',
        "reference" text,
        "assignee_id" uuid,
        "due_at" timestamptz,
        "first_submitted_at" timestamptz,
        "submitted_at" timestamptz,
        "decided_at" timestamptz,
        "decision" jsonb,
        "info_request" text,
        "owner_deleted_at" timestamptz,
        "anonymised_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "applications_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "applications_reference_key" UNIQUE ("reference")
      )`);
    await q.query(`CREATE INDEX "applications_owner_idx" ON "applications" ("owner_id", "id")`);
    await q.query(`CREATE INDEX "applications_status_idx" ON "applications" ("status", "id")`);
    await q.query(
      `CREATE INDEX "applications_due_idx" ON "applications" ("due_at") WHERE "status" IN ('submitted', 'in_review')`,
    );
    await q.query(`CREATE INDEX "applications_decided_idx" ON "applications" ("decided_at")`);
    await q.query(`CREATE INDEX "applications_submitted_idx" ON "applications" ("first_submitted_at")`);

    await q.query(`
      CREATE TABLE "reference_counters" (
        "year" int NOT NULL,
        "last" int NOT NULL,
        CONSTRAINT "reference_counters_pkey" PRIMARY KEY ("year")
      )`);

    await q.query(`
      CREATE TABLE "application_transitions" (
        "id" uuid NOT NULL,
        "application_id" uuid NOT NULL REFERENCES "applications" ("id") ON DELETE CASCADE,
        "at" timestamptz NOT NULL,
        "from_status" text,
        "to_status" text NOT NULL,
        "actor_role" text NOT NULL,
        "actor_id" text,
        CONSTRAINT "application_transitions_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE INDEX "application_transitions_app_idx" ON "application_transitions" ("application_id", "at", "id")`,
    );

    await q.query(`
      CREATE TABLE "application_messages" (
        "id" uuid NOT NULL,
        "application_id" uuid NOT NULL REFERENCES "applications" ("id") ON DELETE CASCADE,
        "author_id" text,
        "author_role" text NOT NULL,
        "from_staff" boolean NOT NULL,
        "body" text NOT NULL,
        "document_ids" uuid[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "application_messages_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE INDEX "application_messages_app_idx" ON "application_messages" ("application_id", "id")`,
    );

    await q.query(`
      CREATE TABLE "known_documents" (
        "document_id" uuid NOT NULL,
        "owner_id" uuid NOT NULL,
        "status" text NOT NULL,
        "media_type" text,
        "application_id" uuid,
        "issued" boolean NOT NULL DEFAULT false,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "known_documents_pkey" PRIMARY KEY ("document_id")
      )`);
    await q.query(`CREATE INDEX "known_documents_owner_idx" ON "known_documents" ("owner_id")`);

    await q.query(`
      CREATE TABLE "people" (
        "user_id" uuid NOT NULL,
        "given_name" text NOT NULL,
        "family_name" text NOT NULL,
        "locale" text NOT NULL DEFAULT 'de',
        "roles" text[] NOT NULL DEFAULT '{}',
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "people_pkey" PRIMARY KEY ("user_id")
      )`);

    await q.query(`
      CREATE TABLE "idempotency_keys" (
        "caller_id" text NOT NULL,
        "key" text NOT NULL,
        "fingerprint" text NOT NULL,
        "status_code" int,
        "body" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("caller_id", "key")
      )`);
    await q.query(`CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" ("created_at")`);

    await q.query(`
      CREATE TABLE "audit_log" (
        "id" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" text,
        "actor_type" text NOT NULL CHECK ("actor_type" IN ('user', 'client', 'system')),
        "actor_role" text,
        "action" text NOT NULL,
        "target_type" text NOT NULL,
        "target_id" text,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "request_id" text,
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "audit_log_target_idx" ON "audit_log" ("target_type", "target_id", "at")`);
    await q.query(`
      CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
       FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"()`,
    );
    await q.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
       FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"()`,
    );

    await q.query(`
      CREATE TABLE "webhooks" (
        "id" uuid NOT NULL,
        "url" text NOT NULL,
        "events" text[] NOT NULL,
        "secret" text NOT NULL,
        "created_by" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "deleted_at" timestamptz,
        CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "webhook_deliveries" (
        "id" uuid NOT NULL,
        "webhook_id" uuid NOT NULL REFERENCES "webhooks" ("id"),
        "event_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "payload" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'succeeded', 'failed')),
        "attempts" int NOT NULL DEFAULT 0,
        "log" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "enqueued_at" timestamptz,
        "delivered_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_deliveries_event_key" UNIQUE ("webhook_id", "event_id")
      )`);
    await q.query(
      `CREATE INDEX "webhook_deliveries_unqueued_idx" ON "webhook_deliveries" ("created_at") WHERE "enqueued_at" IS NULL`,
    );

    await q.query(`
      CREATE TABLE "served_appointments" (
        "appointment_id" uuid NOT NULL,
        "person_key" text NOT NULL,
        "user_id" uuid,
        "service_id" uuid NOT NULL,
        "location_id" uuid NOT NULL,
        "start" timestamptz NOT NULL,
        "completed_at" timestamptz NOT NULL,
        CONSTRAINT "served_appointments_pkey" PRIMARY KEY ("appointment_id")
      )`);
    await q.query(
      `CREATE INDEX "served_appointments_completed_idx" ON "served_appointments" ("completed_at")`,
    );

    await q.query(`
      CREATE TABLE "feedback" (
        "id" uuid NOT NULL,
        "subject_type" text NOT NULL CHECK ("subject_type" IN ('appointment', 'application')),
        "subject_id" uuid NOT NULL,
        "service_id" uuid,
        "location_id" uuid,
        "rating" int NOT NULL CHECK ("rating" BETWEEN 1 AND 5),
        "comment" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "feedback_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "feedback_subject_key" UNIQUE ("subject_type", "subject_id")
      )`);
    await q.query(`CREATE INDEX "feedback_created_idx" ON "feedback" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'feedback',
      'served_appointments',
      'webhook_deliveries',
      'webhooks',
      'audit_log',
      'idempotency_keys',
      'people',
      'known_documents',
      'application_messages',
      'application_transitions',
      'reference_counters',
      'applications',
      'forms',
      'services',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION "audit_log_append_only"()`);
    await q.query(`DROP FUNCTION "forms_immutable"()`);
    await q.query(`DROP FUNCTION "services_search_vector"()`);
  }
}
