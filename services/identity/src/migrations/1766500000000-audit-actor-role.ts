import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log records the role the actor acted in (`actor_role`), as applications' always has: one
 * table shape for every service (decision §35). Entries from before have none. DDL only: the append-only
 * triggers see no UPDATE.
 */
export class AuditActorRole1766500000000 implements MigrationInterface {
  name = 'AuditActorRole1766500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'audit_log')} ADD COLUMN "actor_role" text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'audit_log')} DROP COLUMN "actor_role"`,
    );
  }
}
