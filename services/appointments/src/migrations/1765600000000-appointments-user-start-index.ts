import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/**
 * A citizen's appointments by start time (`GET /appointments?when=upcoming|past`): keyset pagination on
 * (start_at, id) per user, read forwards for the upcoming ones and backwards for the past ones, so a page
 * is read in order from the index, without a sort. Guests' bookings (no user) are left out, as in
 * `appointments_user_idx` (user_id, id), which the list without `when` keeps using.
 */
export class AppointmentsUserStartIndex1765600000000 implements MigrationInterface {
  name = 'AppointmentsUserStartIndex1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "appointments_user_start_idx" ON ${qualifiedTable(queryRunner, 'appointments')} ("user_id", "start_at", "id")
        WHERE "user_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${qualifiedTable(queryRunner, 'appointments_user_start_idx')}`);
  }
}
