import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Optional contact details a person may add to their profile: a telephone number and a postal address
 * (street, postal code and city together, or none; the lengths and patterns are checked by the API). They
 * live in the `users` row, so deleting the account erases them with it.
 */
export class ProfileContact1764200000002 implements MigrationInterface {
  name = 'ProfileContact1764200000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const users = qualifiedTable(queryRunner, 'users');
    await queryRunner.query(`
      ALTER TABLE ${users}
        ADD COLUMN "phone" text,
        ADD COLUMN "address_street" text,
        ADD COLUMN "address_postal_code" text,
        ADD COLUMN "address_city" text,
        ADD CONSTRAINT "users_address_complete" CHECK (
          ("address_street" IS NULL) = ("address_postal_code" IS NULL)
          AND ("address_street" IS NULL) = ("address_city" IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const users = qualifiedTable(queryRunner, 'users');
    await queryRunner.query(`
      ALTER TABLE ${users}
        DROP CONSTRAINT "users_address_complete",
        DROP COLUMN "address_city",
        DROP COLUMN "address_postal_code",
        DROP COLUMN "address_street",
        DROP COLUMN "phone"`);
  }
}
