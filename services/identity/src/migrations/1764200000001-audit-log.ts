import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/**
 * The audit log, append-only for real: a trigger refuses UPDATE and DELETE of rows and TRUNCATE of the
 * table, whoever asks (the service's own database role included).
 */
export class AuditLog1764200000001 implements MigrationInterface {
  name = 'AuditLog1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifiedTable(queryRunner, 'audit_log');
    const fn = qualifiedTable(queryRunner, 'audit_log_append_only');
    await queryRunner.query(`
      CREATE TABLE ${table} (
        "id" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" text,
        "actor_type" text NOT NULL CHECK ("actor_type" IN ('user', 'client', 'system')),
        "action" text NOT NULL,
        "target_type" text NOT NULL,
        "target_id" text,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "request_id" text,
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "audit_log_target_idx" ON ${table} ("target_type", "target_id", "at")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'audit_log')}`);
    await queryRunner.query(`DROP FUNCTION ${qualifiedTable(queryRunner, 'audit_log_append_only')}()`);
  }
}
