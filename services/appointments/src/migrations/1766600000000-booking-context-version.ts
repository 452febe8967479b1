import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables a booking's context is read from that belong to one location (`location_id`). */
const PER_LOCATION = ['counters', 'opening_hours', 'closures', 'location_services'] as const;

/**
 * Every location carries a `context_version` that changes with everything a booking's context is read
 * from (decision §36): the location itself, its counters, opening hours, closures and services, and the
 * catalogue's entry of a service it offers. The service keeps the contexts it has read in memory and books
 * with `… WHERE l.context_version = <the version it read>`: a booking made against a context that changed
 * meanwhile books nothing, and the service reads the context again. So the cache never answers with data
 * older than what a booking read in its own round trip would have seen, on any number of replicas.
 *
 * Statement triggers with transition tables bump each affected location once per statement (a seed that
 * inserts a week of opening hours bumps once); TRUNCATE, which has no transition table, bumps every
 * location.
 */
export class BookingContextVersion1766600000000 implements MigrationInterface {
  name = 'BookingContextVersion1766600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    await queryRunner.query(
      `ALTER TABLE ${t('locations')} ADD COLUMN "context_version" bigint NOT NULL DEFAULT 0`,
    );
    // a change of the location's own row: the version moves with it unless the update set it
    await queryRunner.query(`
      CREATE FUNCTION ${t('location_context_changed')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.context_version = OLD.context_version THEN
          NEW.context_version := OLD.context_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "location_context_changed" BEFORE UPDATE ON ${t('locations')}
      FOR EACH ROW EXECUTE FUNCTION ${t('location_context_changed')}()`);

    // the rows of a per-location table changed: bump the locations they belong (or belonged) to
    await queryRunner.query(`
      CREATE FUNCTION ${t('location_rows_changed')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE ${t('locations')} SET context_version = context_version + 1;
        ELSIF TG_OP = 'INSERT' THEN
          UPDATE ${t('locations')} SET context_version = context_version + 1
           WHERE id IN (SELECT location_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE ${t('locations')} SET context_version = context_version + 1
           WHERE id IN (SELECT location_id FROM old_rows);
        ELSE
          UPDATE ${t('locations')} SET context_version = context_version + 1
           WHERE id IN (SELECT location_id FROM new_rows UNION SELECT location_id FROM old_rows);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of PER_LOCATION)
      await this.statementTriggers(queryRunner, table, 'location_rows_changed');

    // the catalogue's entry of a service (its name, whether it is active): every location offering it
    await queryRunner.query(`
      CREATE FUNCTION ${t('catalogue_rows_changed')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE ${t('locations')} SET context_version = context_version + 1;
        ELSIF TG_OP = 'INSERT' THEN
          UPDATE ${t('locations')} SET context_version = context_version + 1
           WHERE id IN (SELECT ls.location_id FROM ${t('location_services')} ls
                         WHERE ls.service_id IN (SELECT service_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE ${t('locations')} SET context_version = context_version + 1
           WHERE id IN (SELECT ls.location_id FROM ${t('location_services')} ls
                         WHERE ls.service_id IN (SELECT service_id FROM old_rows));
        ELSE
          UPDATE ${t('locations')} SET context_version = context_version + 1
           WHERE id IN (SELECT ls.location_id FROM ${t('location_services')} ls
                         WHERE ls.service_id IN (SELECT service_id FROM new_rows
                                                 UNION SELECT service_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await this.statementTriggers(queryRunner, 'catalogue_services', 'catalogue_rows_changed');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    for (const table of [...PER_LOCATION, 'catalogue_services']) {
      for (const op of ['insert', 'update', 'delete', 'truncate'])
        await queryRunner.query(`DROP TRIGGER "booking_context_${op}" ON ${t(table)}`);
    }
    await queryRunner.query(`DROP FUNCTION ${t('catalogue_rows_changed')}()`);
    await queryRunner.query(`DROP FUNCTION ${t('location_rows_changed')}()`);
    await queryRunner.query(`DROP TRIGGER "location_context_changed" ON ${t('locations')}`);
    await queryRunner.query(`DROP FUNCTION ${t('location_context_changed')}()`);
    await queryRunner.query(`ALTER TABLE ${t('locations')} DROP COLUMN "context_version"`);
  }

  /** INSERT, UPDATE, DELETE (each with its transition tables) and TRUNCATE triggers calling `fn`. */
  private async statementTriggers(queryRunner: QueryRunner, table: string, fn: string): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    const on = `ON ${t(table)}`;
    const run = `FOR EACH STATEMENT EXECUTE FUNCTION ${t(fn)}()`;
    await queryRunner.query(
      `CREATE TRIGGER "booking_context_insert" AFTER INSERT ${on} REFERENCING NEW TABLE AS new_rows ${run}`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "booking_context_update" AFTER UPDATE ${on}
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ${run}`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "booking_context_delete" AFTER DELETE ${on} REFERENCING OLD TABLE AS old_rows ${run}`,
    );
    await queryRunner.query(`CREATE TRIGGER "booking_context_truncate" AFTER TRUNCATE ${on} ${run}`);
  }
}
