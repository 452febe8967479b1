import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Statuses of an appointment that hold its counter's time (everything but cancelled and expired). */
export const HOLDING_STATUSES_SQL = `"status" NOT IN ('cancelled', 'expired')`;

/**
 * Locations, counters, hours, closures, offered services, the catalogue read model, appointments with the
 * no-overlap exclusion constraint, idempotency keys, tickets, calls and the append-only audit log.
 */
export class AppointmentsTables1764300000000 implements MigrationInterface {
  name = 'AppointmentsTables1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    // btree_gist lets a GiST index compare uuids with `=` beside the range overlap `&&`. It lives in
    // `public` (on the search path of every service) so that dropping a service schema never drops it.
    // Service schemas migrate in parallel (tests, replicas): one at a time may create the extension.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('extension:btree_gist'))`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`);

    await queryRunner.query(`
      CREATE TABLE ${t('locations')} (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "street" text NOT NULL,
        "postal_code" text NOT NULL,
        "city" text NOT NULL,
        "slot_interval_minutes" integer NOT NULL DEFAULT 15 CHECK ("slot_interval_minutes" BETWEEN 5 AND 240),
        "booking_window_days" integer CHECK ("booking_window_days" BETWEEN 1 AND 730),
        "min_lead_minutes" integer CHECK ("min_lead_minutes" BETWEEN 0 AND 10080),
        "walk_ins_enabled" boolean NOT NULL DEFAULT true,
        "active" boolean NOT NULL DEFAULT true,
        "demo" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "locations_pkey" PRIMARY KEY ("id")
      )`);

    await queryRunner.query(`
      CREATE TABLE ${t('counters')} (
        "id" uuid NOT NULL,
        "location_id" uuid NOT NULL REFERENCES ${t('locations')} ("id") ON DELETE CASCADE,
        "name" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "counters_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "counters_name_key" UNIQUE ("location_id", "name")
      )`);

    await queryRunner.query(`
      CREATE TABLE ${t('opening_hours')} (
        "id" uuid NOT NULL,
        "location_id" uuid NOT NULL REFERENCES ${t('locations')} ("id") ON DELETE CASCADE,
        "weekday" smallint NOT NULL CHECK ("weekday" BETWEEN 1 AND 7),
        "opens" time NOT NULL,
        "closes" time NOT NULL,
        CONSTRAINT "opening_hours_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "opening_hours_order" CHECK ("closes" > "opens")
      )`);
    await queryRunner.query(
      `CREATE INDEX "opening_hours_location_idx" ON ${t('opening_hours')} ("location_id", "weekday")`,
    );

    await queryRunner.query(`
      CREATE TABLE ${t('closures')} (
        "id" uuid NOT NULL,
        "location_id" uuid NOT NULL REFERENCES ${t('locations')} ("id") ON DELETE CASCADE,
        "date" date NOT NULL,
        "starts" time,
        "ends" time,
        "reason" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "closures_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "closures_part_of_day" CHECK (
          ("starts" IS NULL AND "ends" IS NULL) OR ("starts" IS NOT NULL AND "ends" IS NOT NULL AND "ends" > "starts"))
      )`);
    await queryRunner.query(
      `CREATE INDEX "closures_location_idx" ON ${t('closures')} ("location_id", "date")`,
    );

    await queryRunner.query(`
      CREATE TABLE ${t('location_services')} (
        "location_id" uuid NOT NULL REFERENCES ${t('locations')} ("id") ON DELETE CASCADE,
        "service_id" uuid NOT NULL,
        "duration_minutes" integer NOT NULL CHECK ("duration_minutes" BETWEEN 5 AND 480),
        "max_future_bookings_per_person" integer NOT NULL DEFAULT 1 CHECK ("max_future_bookings_per_person" BETWEEN 1 AND 50),
        "counter_ids" uuid[],
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "location_services_pkey" PRIMARY KEY ("location_id", "service_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "location_services_service_idx" ON ${t('location_services')} ("service_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE ${t('catalogue_services')} (
        "service_id" uuid NOT NULL,
        "slug" text NOT NULL,
        "name" jsonb NOT NULL,
        "appointment_required" boolean NOT NULL,
        "online_application" boolean NOT NULL,
        "active" boolean NOT NULL,
        "changed_at" timestamptz NOT NULL,
        CONSTRAINT "catalogue_services_pkey" PRIMARY KEY ("service_id")
      )`);

    await queryRunner.query(`
      CREATE TABLE ${t('appointments')} (
        "id" uuid NOT NULL,
        "reference" text NOT NULL,
        "location_id" uuid NOT NULL REFERENCES ${t('locations')} ("id"),
        "service_id" uuid NOT NULL,
        "counter_id" uuid NOT NULL REFERENCES ${t('counters')} ("id"),
        "start_at" timestamptz NOT NULL,
        "end_at" timestamptz NOT NULL,
        "period" tstzrange GENERATED ALWAYS AS (tstzrange("start_at", "end_at", '[)')) STORED,
        "status" text NOT NULL CHECK ("status" IN
          ('pending_confirmation', 'confirmed', 'checked_in', 'completed', 'no_show', 'cancelled', 'expired')),
        "user_id" uuid,
        "person_key" text,
        "contact_name" text,
        "contact_email" text,
        "contact_phone" text,
        "locale" text NOT NULL DEFAULT 'de' CHECK ("locale" IN ('de', 'en')),
        "expires_at" timestamptz,
        "confirmed_at" timestamptz,
        "cancelled_at" timestamptz,
        "cancelled_by" text CHECK ("cancelled_by" IN ('owner', 'staff', 'system')),
        "checked_in_at" timestamptz,
        "anonymised_at" timestamptz,
        "demo" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "appointments_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "appointments_reference_key" UNIQUE ("reference"),
        CONSTRAINT "appointments_order" CHECK ("end_at" > "start_at"),
        CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist ("counter_id" WITH =, "period" WITH &&)
          WHERE (${HOLDING_STATUSES_SQL})
      )`);
    await queryRunner.query(
      `CREATE INDEX "appointments_location_start_idx" ON ${t('appointments')} ("location_id", "start_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "appointments_user_idx" ON ${t('appointments')} ("user_id", "id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "appointments_person_idx" ON ${t('appointments')} ("person_key", "service_id") WHERE "person_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "appointments_pending_idx" ON ${t('appointments')} ("expires_at") WHERE "status" = 'pending_confirmation'`,
    );

    await queryRunner.query(`
      CREATE TABLE ${t('idempotency_keys')} (
        "caller" text NOT NULL,
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "status_code" integer NOT NULL,
        "response" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("caller", "key")
      )`);
    await queryRunner.query(
      `CREATE INDEX "idempotency_keys_created_idx" ON ${t('idempotency_keys')} ("created_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE ${t('tickets')} (
        "id" uuid NOT NULL,
        "location_id" uuid NOT NULL REFERENCES ${t('locations')} ("id"),
        "service_id" uuid NOT NULL,
        "service_day" date NOT NULL,
        "number" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('appointment', 'walk_in')),
        "appointment_id" uuid REFERENCES ${t('appointments')} ("id"),
        "status" text NOT NULL CHECK ("status" IN ('waiting', 'called', 'in_service', 'completed', 'no_show')),
        "counter_id" uuid REFERENCES ${t('counters')} ("id"),
        "arrived_at" timestamptz NOT NULL,
        "due_at" timestamptz,
        "called_at" timestamptz,
        "started_at" timestamptz,
        "finished_at" timestamptz,
        "recall_count" integer NOT NULL DEFAULT 0,
        "duration_minutes" integer NOT NULL,
        CONSTRAINT "tickets_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "tickets_number_key" UNIQUE ("location_id", "service_day", "number"),
        CONSTRAINT "tickets_appointment_key" UNIQUE ("appointment_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "tickets_waiting_idx" ON ${t('tickets')} ("location_id", "service_day", "status")`,
    );

    await queryRunner.query(`
      CREATE TABLE ${t('ticket_numbers')} (
        "location_id" uuid NOT NULL,
        "service_day" date NOT NULL,
        "prefix" text NOT NULL,
        "last" integer NOT NULL,
        CONSTRAINT "ticket_numbers_pkey" PRIMARY KEY ("location_id", "service_day", "prefix")
      )`);

    await queryRunner.query(`
      CREATE TABLE ${t('calls')} (
        "id" bigserial NOT NULL,
        "location_id" uuid NOT NULL,
        "ticket_id" uuid NOT NULL REFERENCES ${t('tickets')} ("id"),
        "number" text NOT NULL,
        "counter_name" text NOT NULL,
        "recall" boolean NOT NULL DEFAULT false,
        "called_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "calls_location_idx" ON ${t('calls')} ("location_id", "id")`);

    const fn = qualifiedTable(queryRunner, 'audit_log_append_only');
    await queryRunner.query(`
      CREATE TABLE ${t('audit_log')} (
        "id" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" text,
        "actor_type" text NOT NULL CHECK ("actor_type" IN ('user', 'client', 'guest', 'system')),
        "action" text NOT NULL,
        "target_type" text NOT NULL,
        "target_id" text,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "request_id" text,
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "audit_log_target_idx" ON ${t('audit_log')} ("target_type", "target_id", "at")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON ${t('audit_log')}
       FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON ${t('audit_log')}
       FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    for (const table of [
      'audit_log',
      'calls',
      'ticket_numbers',
      'tickets',
      'idempotency_keys',
      'appointments',
      'catalogue_services',
      'location_services',
      'closures',
      'opening_hours',
      'counters',
      'locations',
    ]) {
      await queryRunner.query(`DROP TABLE ${t(table)}`);
    }
    await queryRunner.query(`DROP FUNCTION ${qualifiedTable(queryRunner, 'audit_log_append_only')}()`);
    // btree_gist stays: other schemas may use it
  }
}
