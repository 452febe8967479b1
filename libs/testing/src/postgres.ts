import { Client } from 'pg';
import { randomSuffix, toIdentifierPart } from './random';
import { testPostgres } from './services';

export interface TestSchema {
  /** the schema's name, e.g. `t_identity_3f9a0c1d`: give it to TypeORM's `schema` option */
  schema: string;
  /** connection URL of the database the schema lives in */
  url: string;
  /** drops the schema with everything in it (CASCADE); safe to call twice */
  drop(): Promise<void>;
}

/** Quotes a Postgres identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Could not connect to the test Postgres at ${redact(url)}: ${
        error instanceof Error ? error.message : String(error)
      }. Start it, or point DATABASE_URL at one.`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Creates a fresh, uniquely named schema (`t_<prefix>_<random>`) in the test database, so that every run
 * (and every parallel worker) has its own tables. `prefix` is reduced to `[a-z0-9_]`.
 */
export async function createTestSchema(prefix: string, options: { url?: string } = {}): Promise<TestSchema> {
  const url = options.url ?? (await testPostgres());
  // 63 bytes is Postgres' identifier limit: t_ + prefix (<= 40) + _ + 12 hex characters
  const schema = `t_${toIdentifierPart(prefix, 40)}_${randomSuffix(6)}`;
  await withClient(url, (client) => client.query(`CREATE SCHEMA ${quoteIdent(schema)}`));
  return {
    schema,
    url,
    // always asks Postgres (IF EXISTS), not a flag: code under test may create the schema again after a
    // first drop (the migration routine does), and the run must still leave nothing behind
    drop: async () => {
      await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`));
    },
  };
}
