import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo-tolerant catalogue search: pg_trgm, and `service_terms`, the terms of every service (names in both
 * languages, synonyms, and the words of each) folded for comparison (lower case, ä→ae, ö→oe, ü→ue, ß→ss),
 * kept by a trigger and indexed for trigram similarity (GIN, gin_trgm_ops).
 *
 * pg_trgm lives in `public` (on the search path of every service), so that dropping a service schema never
 * drops it, and `down` leaves it (other schemas may use it). It is a trusted extension (PostgreSQL 13+):
 * the role needs CREATE on the database, not superuser.
 */
export class CatalogueCloseMatches1765200000000 implements MigrationInterface {
  name = 'CatalogueCloseMatches1765200000000';

  async up(q: QueryRunner): Promise<void> {
    // Service schemas migrate in parallel (tests, replicas): one at a time may create the extension.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('extension:pg_trgm'))`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(`
      CREATE FUNCTION "search_fold"(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT replace(replace(replace(replace(lower($1), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')
      $$`);
    await q.query(`
      CREATE TABLE "service_terms" (
        "service_id" uuid NOT NULL REFERENCES "services" ("id") ON DELETE CASCADE,
        "term" text NOT NULL,
        "locale" text CHECK ("locale" IN ('de', 'en')),
        "folded" text NOT NULL
      )`);
    await q.query(`COMMENT ON COLUMN "service_terms"."locale" IS 'language of a name; null for synonyms'`);
    await q.query(`CREATE INDEX "service_terms_service_idx" ON "service_terms" ("service_id")`);
    await q.query(
      `CREATE INDEX "service_terms_folded_trgm_idx" ON "service_terms" USING gin ("folded" gin_trgm_ops)`,
    );
    // whole names and synonyms, and their words of four letters or more ("Hund", "Pass")
    await q.query(`
      CREATE FUNCTION "service_terms_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "service_terms" WHERE "service_id" = NEW."id";
        INSERT INTO "service_terms" ("service_id", "term", "locale", "folded")
        SELECT DISTINCT ON (search_fold(t.term), t.locale) NEW."id", t.term, t.locale, search_fold(t.term)
        FROM (
          SELECT NEW."name"->>'de' AS term, 'de' AS locale
          UNION ALL SELECT NEW."name"->>'en', 'en'
          UNION ALL SELECT syn, NULL FROM unnest(NEW."synonyms") syn
          UNION ALL SELECT w, l FROM (
            SELECT regexp_split_to_table(NEW."name"->>'de', '[[:space:][:punct:]]+') AS w, 'de' AS l
            UNION ALL SELECT regexp_split_to_table(NEW."name"->>'en', '[[:space:][:punct:]]+'), 'en'
            UNION ALL SELECT regexp_split_to_table(syn, '[[:space:][:punct:]]+'), NULL
              FROM unnest(NEW."synonyms") syn
          ) words
          WHERE length(w) >= 4
        ) t
        WHERE t.term <> ''
        ORDER BY search_fold(t.term), t.locale, t.term;
        RETURN NULL;
      END
      $$`);
    await q.query(
      `CREATE TRIGGER "service_terms_update" AFTER INSERT OR UPDATE OF "name", "synonyms" ON "services"
       FOR EACH ROW EXECUTE FUNCTION "service_terms_refresh"()`,
    );
    await q.query(`UPDATE "services" SET "synonyms" = "synonyms"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "service_terms_update" ON "services"`);
    await q.query(`DROP FUNCTION "service_terms_refresh"()`);
    await q.query(`DROP TABLE "service_terms"`);
    await q.query(`DROP FUNCTION "search_fold"(text)`);
    // pg_trgm stays: other schemas may use it
  }
}
