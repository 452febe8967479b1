import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';
import { HOLDING_STATUSES_SQL } from './1764300000000-appointments-tables';

/**
 * The bookings that hold a location's time and end after a given instant (`GET /slots` reads them per
 * location: `start_at < to AND end_at > from`). The index on (location_id, start_at) bounds only the end
 * of that range, so every past booking of the location was read; ending after `from` bounds the read by
 * the booking window.
 */
export class AppointmentsBusyIndex1764400000000 implements MigrationInterface {
  name = 'AppointmentsBusyIndex1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "appointments_location_end_idx" ON ${qualifiedTable(queryRunner, 'appointments')} ("location_id", "end_at")
        WHERE ${HOLDING_STATUSES_SQL}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${qualifiedTable(queryRunner, 'appointments_location_end_idx')}`);
  }
}
