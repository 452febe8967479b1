import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first four scopes, as the dropped constraint listed them. */
const SCOPES_OF_2026_11 = ['catalogue:read', 'appointments:read', 'applications:read', 'applications:write'];

/**
 * Machine clients may hold every scope of `ALL_SCOPES` (libs/contracts): the CHECK constraint that
 * copied the first four refused `tickets:write` (kiosks) with a 500. The scopes a client may hold are
 * the API's to check (`CreateApiClientDto`: `IsIn(ALL_SCOPES)`), and the token endpoint grants only
 * scopes of `ALL_SCOPES`, so a copy in the database is dropped rather than kept in step by a migration
 * per new scope (docs/decisions.md, decision 18).
 *
 * `down` puts the old constraint back `NOT VALID`: new rows are checked again, clients created with a
 * later scope meanwhile stay as they are.
 */
export class ApiClientScopes1764200000003 implements MigrationInterface {
  name = 'ApiClientScopes1764200000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'api_clients')} DROP CONSTRAINT "api_clients_scopes_known"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const scopes = SCOPES_OF_2026_11.map((scope) => `'${scope}'`).join(', ');
    await queryRunner.query(
      `ALTER TABLE ${qualifiedTable(queryRunner, 'api_clients')} ADD CONSTRAINT "api_clients_scopes_known"
        CHECK ("scopes" <@ ARRAY[${scopes}]::text[]) NOT VALID`,
    );
  }
}
