import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models fed by the appointments service: its locations (`location.changed`: names, addresses and
 * the services offered, for the service pages and the transparency figures) and the tickets it served
 * (`ticket.completed`: waiting and service minutes, no person).
 */
export class OfficeReadModels1764600000000 implements MigrationInterface {
  name = 'OfficeReadModels1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "office_locations" (
        "location_id" uuid NOT NULL,
        "name" text NOT NULL,
        "address" text NOT NULL,
        "active" boolean NOT NULL,
        "service_ids" uuid[] NOT NULL DEFAULT '{}',
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "office_locations_pkey" PRIMARY KEY ("location_id")
      )`);
    await q.query(
      `CREATE INDEX "office_locations_services_idx" ON "office_locations" USING gin ("service_ids")`,
    );
    await q.query(`
      CREATE TABLE "served_tickets" (
        "ticket_id" uuid NOT NULL,
        "location_id" uuid NOT NULL,
        "service_id" uuid NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('appointment', 'walk_in')),
        "arrived_at" timestamptz NOT NULL,
        "called_at" timestamptz NOT NULL,
        "completed_at" timestamptz NOT NULL,
        "wait_minutes" double precision NOT NULL CHECK ("wait_minutes" >= 0),
        "service_minutes" double precision NOT NULL CHECK ("service_minutes" >= 0),
        CONSTRAINT "served_tickets_pkey" PRIMARY KEY ("ticket_id")
      )`);
    await q.query(
      `CREATE INDEX "served_tickets_location_idx" ON "served_tickets" ("location_id", "completed_at")`,
    );
    await q.query(`CREATE INDEX "served_tickets_completed_idx" ON "served_tickets" ("completed_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "served_tickets"`);
    await q.query(`DROP TABLE "office_locations"`);
  }
}
