import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents, the read model of applications, and the append-only audit log. */
export class DocumentsTables1764600000000 implements MigrationInterface {
  name = 'DocumentsTables1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const documents = qualifiedTable(queryRunner, 'documents');
    const applications = qualifiedTable(queryRunner, 'applications');
    const links = qualifiedTable(queryRunner, 'application_documents');
    const audit = qualifiedTable(queryRunner, 'audit_log');
    const fn = qualifiedTable(queryRunner, 'audit_log_append_only');
    await queryRunner.query(`
      CREATE TABLE ${documents} (
        "id" uuid NOT NULL,
        "owner_id" uuid,
        "kind" text NOT NULL CHECK ("kind" IN ('upload', 'issued')),
        "filename" text NOT NULL,
        "media_type" text NOT NULL,
        "size" bigint NOT NULL CHECK ("size" >= 0),
        "sha256" text NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('pending_scan', 'clean', 'rejected')),
        "storage_key" text NOT NULL,
        "key_id" text NOT NULL,
        "application_id" uuid,
        "verification_code" text,
        "signature" text,
        "signing_key_id" text,
        "document_type" text,
        "demo" boolean NOT NULL DEFAULT false,
        "owner_deleted_at" timestamptz,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "documents_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "documents_issued_fields" CHECK (
          "kind" = 'upload' OR ("application_id" IS NOT NULL AND "verification_code" IS NOT NULL
                                AND "signature" IS NOT NULL)),
        CONSTRAINT "documents_owner" CHECK ("owner_id" IS NOT NULL OR "kind" = 'issued')
      )`);
    await queryRunner.query(`CREATE INDEX "documents_owner_idx" ON ${documents} ("owner_id", "id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_verification_code_key" ON ${documents} ("verification_code")`,
    );
    // one decision letter per application, whatever the number of redeliveries or replicas
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_issued_application_key" ON ${documents} ("application_id") WHERE "kind" = 'issued'`,
    );
    await queryRunner.query(`
      CREATE TABLE ${applications} (
        "id" uuid NOT NULL,
        "owner_id" uuid,
        "service_id" uuid NOT NULL,
        "status" text NOT NULL,
        "reference" text,
        "submitted_at" timestamptz,
        "closed_at" timestamptz,
        "last_event_at" timestamptz NOT NULL,
        CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "applications_owner_idx" ON ${applications} ("owner_id")`);
    await queryRunner.query(`
      CREATE TABLE ${links} (
        "application_id" uuid NOT NULL,
        "document_id" uuid NOT NULL,
        "from_staff" boolean NOT NULL DEFAULT false,
        CONSTRAINT "application_documents_pkey" PRIMARY KEY ("application_id", "document_id")
      )`);
    await queryRunner.query(`CREATE INDEX "application_documents_document_idx" ON ${links} ("document_id")`);
    await queryRunner.query(`
      CREATE TABLE ${audit} (
        "id" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" text,
        "actor_type" text NOT NULL CHECK ("actor_type" IN ('user', 'client', 'system')),
        "action" text NOT NULL,
        "document_id" text,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "request_id" text,
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "audit_log_document_idx" ON ${audit} ("document_id", "at")`);
    await queryRunner.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON ${audit}
       FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON ${audit}
       FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'audit_log')}`);
    await queryRunner.query(`DROP FUNCTION ${qualifiedTable(queryRunner, 'audit_log_append_only')}()`);
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'application_documents')}`);
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'applications')}`);
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'documents')}`);
  }
}
