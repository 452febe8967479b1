import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/** Machine clients registered as a location's ticket kiosk (POST /tickets without a clerk). */
export class Kiosks1764700000000 implements MigrationInterface {
  name = 'Kiosks1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const locations = qualifiedTable(queryRunner, 'locations');
    await queryRunner.query(`
      CREATE TABLE ${qualifiedTable(queryRunner, 'kiosks')} (
        "location_id" uuid NOT NULL REFERENCES ${locations} ("id"),
        "client_id" text NOT NULL CHECK (length("client_id") BETWEEN 1 AND 200),
        "label" text,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "kiosks_pkey" PRIMARY KEY ("location_id", "client_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'kiosks')}`);
  }
}
