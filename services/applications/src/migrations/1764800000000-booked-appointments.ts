import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments booked but not (yet) served, from `appointment.booked`: only so that feedback on one
 * before its end is 409 `feedback-not-allowed` for its owner rather than 404. A row goes when the
 * appointment is completed (`served_appointments` takes over), when the account is deleted, and 30 days
 * after its start (the hourly maintenance).
 */
export class BookedAppointments1764800000000 implements MigrationInterface {
  name = 'BookedAppointments1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "booked_appointments" (
        "appointment_id" uuid NOT NULL,
        "person_key" text NOT NULL,
        "user_id" uuid,
        "start" timestamptz NOT NULL,
        CONSTRAINT "booked_appointments_pkey" PRIMARY KEY ("appointment_id")
      )`);
    await q.query(`CREATE INDEX "booked_appointments_start_idx" ON "booked_appointments" ("start")`);
    await q.query(`CREATE INDEX "booked_appointments_user_idx" ON "booked_appointments" ("user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "booked_appointments"`);
  }
}
