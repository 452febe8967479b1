import { Client } from 'pg';
import { createTestSchema, quoteIdent } from './postgres';
import { testPostgres } from './services';

async function schemaExists(url: string, schema: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
      schema,
    ]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestSchema', () => {
  it('creates a uniquely named schema and drops it with its tables', async () => {
    const a = await createTestSchema('Identity Service!');
    const b = await createTestSchema('Identity Service!');
    try {
      expect(a.schema).toMatch(/^t_identity_service_[0-9a-f]{12}$/);
      expect(b.schema).not.toBe(a.schema);
      expect(a.url).toBe(await testPostgres());
      expect(await schemaExists(a.url, a.schema)).toBe(true);

      const client = new Client({ connectionString: a.url });
      await client.connect();
      await client.query(`CREATE TABLE ${quoteIdent(a.schema)}.things (id int primary key)`);
      await client.end();

      await a.drop();
      expect(await schemaExists(a.url, a.schema)).toBe(false);
      expect(await schemaExists(b.url, b.schema)).toBe(true);
      await expect(a.drop()).resolves.toBeUndefined();
    } finally {
      await a.drop();
      await b.drop();
    }
  });

  it('drops the schema again when the code under test created it again after a drop', async () => {
    const schema = await createTestSchema('recreated');
    await schema.drop();
    const client = new Client({ connectionString: schema.url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${quoteIdent(schema.schema)}`);
    await client.end();
    await schema.drop();
    expect(await schemaExists(schema.url, schema.schema)).toBe(false);
  });

  it('keeps long prefixes within the identifier limit', async () => {
    const schema = await createTestSchema('x'.repeat(200));
    try {
      expect(schema.schema.length).toBeLessThanOrEqual(63);
      expect(await schemaExists(schema.url, schema.schema)).toBe(true);
    } finally {
      await schema.drop();
    }
  });

  it('explains an unreachable database', async () => {
    await expect(createTestSchema('x', { url: 'postgres://postgres@127.0.0.1:1/postgres' })).rejects.toThrow(
      /Could not connect to the test Postgres at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres/,
    );
  });
});
