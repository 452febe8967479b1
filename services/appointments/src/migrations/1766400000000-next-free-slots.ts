import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/**
 * The digitalisation check's lead time (issue 17): once a day, per office and service offered, the next
 * free appointment as the booking page would have shown it then. Free times are not kept anywhere else
 * (they are computed from hours, closures and bookings), so the lead time of a past day can only be read
 * from such a record.
 */
export class NextFreeSlots1766400000000 implements MigrationInterface {
  name = 'NextFreeSlots1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${qualifiedTable(queryRunner, 'next_free_slots')} (
        "location_id" uuid NOT NULL,
        "service_id" uuid NOT NULL,
        "day" date NOT NULL,
        "taken_at" timestamptz NOT NULL,
        "next_free_at" timestamptz,
        CONSTRAINT "next_free_slots_pkey" PRIMARY KEY ("location_id", "service_id", "day")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "next_free_slots_day_idx" ON ${qualifiedTable(queryRunner, 'next_free_slots')} ("day")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifiedTable(queryRunner, 'next_free_slots')}`);
  }
}
