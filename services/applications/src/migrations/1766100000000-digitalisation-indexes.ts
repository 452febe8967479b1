import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the digitalisation check reads by besides the existing indexes (served tickets by completion): a
 * resident's appointment visits for a service (whether an online case needed a trip).
 */
export class DigitalisationIndexes1766100000000 implements MigrationInterface {
  name = 'DigitalisationIndexes1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "served_appointments_user_service_idx" ON "served_appointments" ("user_id", "service_id", "completed_at")
        WHERE "user_id" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "served_appointments_user_service_idx"`);
  }
}
