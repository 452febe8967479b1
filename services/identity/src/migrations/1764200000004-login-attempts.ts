import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A login attempt is counted before its password is checked: its `login_failures` row is written
 * `pending` and confirmed (a failure) or deleted (the password was right) by the verdict, so that parallel
 * guesses cannot all be checked before the first failure is written.
 */
export class LoginAttempts1764200000004 implements MigrationInterface {
  name = 'LoginAttempts1764200000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'login_failures')} ADD COLUMN "pending" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const failures = qualifiedTable(queryRunner, 'login_failures');
    // attempts still waiting for their verdict were not failures under the old rule
    await queryRunner.query(`DELETE FROM ${failures} WHERE "pending"`);
    await queryRunner.query(`ALTER TABLE ${failures} DROP COLUMN "pending"`);
  }
}
