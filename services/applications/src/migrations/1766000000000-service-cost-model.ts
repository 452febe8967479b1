import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Standardkostenmodell inputs of a service (minutes of staff and resident time per channel, the staff's
 * hourly rate), for the digitalisation check: null until the city sets them.
 */
export class ServiceCostModel1766000000000 implements MigrationInterface {
  name = 'ServiceCostModel1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "services" ADD COLUMN "cost_model" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "services" DROP COLUMN "cost_model"`);
  }
}
