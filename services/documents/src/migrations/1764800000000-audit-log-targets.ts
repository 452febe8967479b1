import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log gets the platform's shape (`target_type`, `target_id`, as in identity and appointments), so
 * documents writes it with the platform's `appendAudit` instead of a copy of it. Existing entries all
 * name a document (or none). DDL only: the append-only triggers see no UPDATE.
 */
export class AuditLogTargets1764800000000 implements MigrationInterface {
  name = 'AuditLogTargets1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const audit = qualifiedTable(queryRunner, 'audit_log');
    await queryRunner.query(`ALTER TABLE ${audit} RENAME COLUMN "document_id" TO "target_id"`);
    await queryRunner.query(`ALTER TABLE ${audit} ADD COLUMN "target_type" text NOT NULL DEFAULT 'document'`);
    await queryRunner.query(`ALTER TABLE ${audit} ALTER COLUMN "target_type" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER INDEX ${qualifiedTable(queryRunner, 'audit_log_document_idx')} RENAME TO "audit_log_target_idx"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const audit = qualifiedTable(queryRunner, 'audit_log');
    await queryRunner.query(
      `ALTER INDEX ${qualifiedTable(queryRunner, 'audit_log_target_idx')} RENAME TO "audit_log_document_idx"`,
    );
    await queryRunner.query(`ALTER TABLE ${audit} DROP COLUMN "target_type"`);
    await queryRunner.query(`ALTER TABLE ${audit} RENAME COLUMN "target_id" TO "document_id"`);
  }
}
