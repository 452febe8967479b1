import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/**
 * Whether a closure's reason may be shown to residents (GET /locations `today.note`). Existing closures
 * were entered as internal notes, so they stay internal.
 */
export class ClosurePublicReason1765200000000 implements MigrationInterface {
  name = 'ClosurePublicReason1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'closures')} ADD COLUMN "reason_public" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'closures')} DROP COLUMN "reason_public"`,
    );
  }
}
