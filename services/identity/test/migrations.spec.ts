import type { MigrationInterface } from 'typeorm';
import { ApiClientScopes1764200000003 } from '../src/migrations/1764200000003-api-client-scopes';
import { LoginAttempts1764200000004 } from '../src/migrations/1764200000004-login-attempts';
import { AddressMails1764200000005 } from '../src/migrations/1764200000005-address-mails';
import { IdentityHarness } from './support/identity';

/** The migrations of issue 14 go down and up again, and do what they say in between. */
describe('migrations of issue 14 (reversible, real Postgres)', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await IdentityHarness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function downAndUp(
    migration: MigrationInterface,
    check: (state: 'up' | 'down') => Promise<void>,
  ): Promise<void> {
    const runner = h.dataSource.createQueryRunner();
    try {
      await check('up');
      await migration.down(runner);
      await check('down');
      await migration.up(runner);
      await check('up');
    } finally {
      await runner.release();
    }
  }

  const column = async (table: string, name: string): Promise<boolean> =>
    (
      await h.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3`,
        [h.service.schema.schema, table, name],
      )
    ).length === 1;

  it('ApiClientScopes: without the scope constraint any scope of the API fits; down puts the old list back for new rows', async () => {
    const insert = (scope: string) =>
      h.query(
        `INSERT INTO ${h.table('api_clients')} (id, client_id, name, secret_hash, scopes)
         VALUES (gen_random_uuid(), 'cl_' || md5(random()::text), 'Kiosk', 'x', ARRAY[$1]::text[])`,
        [scope],
      );
    await insert('tickets:write'); // a kiosk client made before `down`: kept by the NOT VALID constraint
    await downAndUp(new ApiClientScopes1764200000003(), async (state) => {
      if (state === 'up') await expect(insert('tickets:write')).resolves.toBeDefined();
      else await expect(insert('tickets:write')).rejects.toThrow(/api_clients_scopes_known/);
    });
  });

  it('LoginAttempts: adds and removes the pending mark of login failures', async () => {
    await downAndUp(new LoginAttempts1764200000004(), async (state) => {
      expect(await column('login_failures', 'pending')).toBe(state === 'up');
    });
  });

  it('AddressMails: creates and drops the per-address mail counts', async () => {
    await downAndUp(new AddressMails1764200000005(), async (state) => {
      expect(await column('address_mails', 'email_key')).toBe(state === 'up');
    });
  });
});
