import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/**
 * The names of residents with an account, from identity's `identity.profile-changed` (and removed on
 * `identity.account-deleted`): the agenda shows a clerk who comes, also for a resident's own booking,
 * which carries no contact name. Only the names: nothing else of the account is kept here.
 */
export class People1766000000000 implements MigrationInterface {
  name = 'People1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${qualifiedTable(queryRunner, 'people')} (
        "user_id" uuid PRIMARY KEY,
        "given_name" text NOT NULL,
        "family_name" text NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'people')}`);
  }
}
