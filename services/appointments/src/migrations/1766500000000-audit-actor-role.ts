import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteBookAppointment } from './book-appointment-definition';

const COLUMNS_BEFORE = '(id, actor_id, actor_type, action, target_type, target_id, details, request_id)';
const COLUMNS_AFTER =
  '(id, actor_id, actor_type, actor_role, action, target_type, target_id, details, request_id)';
const VALUES_BEFORE = "audit->>'actorType', audit->>'action'";
const VALUES_AFTER = "audit->>'actorType', audit->>'actorRole', audit->>'action'";

/**
 * The audit log records the role the actor acted in (`actor_role`), as applications' always has: one
 * table shape for every service (decision §35). The booking function `book_appointment` writes its audit
 * entry itself, so it gets the column too: its definition is read back from Postgres and only the audit
 * INSERT's column and value lists change (refused unless each is found exactly once), so the rest of the
 * function stays exactly as migration 1765800000000 made it.
 */
export class AuditActorRole1766500000000 implements MigrationInterface {
  name = 'AuditActorRole1766500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'audit_log')} ADD COLUMN "actor_role" text`,
    );
    await rewriteBookAppointment(queryRunner, [COLUMNS_BEFORE, COLUMNS_AFTER], [VALUES_BEFORE, VALUES_AFTER]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rewriteBookAppointment(queryRunner, [COLUMNS_AFTER, COLUMNS_BEFORE], [VALUES_AFTER, VALUES_BEFORE]);
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'audit_log')} DROP COLUMN "actor_role"`,
    );
  }
}
