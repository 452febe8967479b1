import { createHash, randomBytes } from 'node:crypto';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { DatabaseServiceConfig } from '../config/env';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from './database.module';
import {
  MAX_PREPARED_PER_CONNECTION,
  STATEMENT_NAMES_REMEMBERED,
  statementName,
} from './prepared-statements';
import { statementsSent } from './statement-count';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('statements with parameters prepared once per connection (real Postgres)', () => {
  const schema = `prepared_${randomBytes(4).toString('hex')}`;
  const opened: DataSource[] = [];

  async function open(prepared: boolean): Promise<DataSource> {
    const config = loadConfig(DatabaseServiceConfig, {
      DATABASE_URL,
      DATABASE_POOL_SIZE: '1',
      DATABASE_PREPARED_STATEMENTS: String(prepared),
    });
    const dataSource = await new DataSource(
      dataSourceOptions(config, { schema, entities: [], migrations: [] }),
    ).initialize();
    opened.push(dataSource);
    return dataSource;
  }

  /** Runs `body` on one connection of a data source with prepared statements on or off, then releases it. */
  async function inSession(prepared: boolean, body: (runner: QueryRunner) => Promise<void>): Promise<void> {
    const runner = (await open(prepared)).createQueryRunner();
    try {
      await body(runner);
    } finally {
      await runner.release();
    }
  }

  /** The statements prepared in the session of `runner` (pg_prepared_statements is per session). */
  async function preparedIn(runner: QueryRunner): Promise<string[]> {
    const rows = (await runner.query('SELECT name FROM pg_prepared_statements ORDER BY name')) as {
      name: string;
    }[];
    return rows.map((row) => row.name);
  }

  beforeAll(async () => {
    const admin = await open(false);
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`CREATE TABLE "${schema}".things (id int PRIMARY KEY, name text NOT NULL)`);
  });

  afterAll(async () => {
    await opened[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    for (const dataSource of opened.splice(0)) await dataSource.destroy();
  });

  it('names a statement by the SHA-1 of its text, also after more texts than it remembers', () => {
    const sha1 = (text: string) => `s_${createHash('sha1').update(text).digest('base64url')}`;
    const first = 'SELECT $1::int AS first';
    expect(statementName(first)).toBe(sha1(first));
    for (let i = 0; i <= STATEMENT_NAMES_REMEMBERED; i += 1) statementName(`SELECT ${i} + $1::int`);
    expect(statementName(first)).toBe(sha1(first));
    expect(statementName('SELECT 7 + $1::int')).toBe(sha1('SELECT 7 + $1::int'));
  });

  it.each([true, false])('counts every statement a connection sends (prepared statements %s)', (prepared) =>
    inSession(prepared, async (runner) => {
      const before = statementsSent();
      await runner.startTransaction();
      await runner.query('SELECT name FROM things WHERE id = $1', [1]);
      await runner.query('SELECT count(*) FROM things');
      await runner.commitTransaction();
      // BEGIN, the two statements, COMMIT
      expect(statementsSent() - before).toBe(4);
    }),
  );

  it('prepares a statement with parameters once and runs it again by name, with the same answers and errors', () =>
    inSession(true, async (runner) => {
      const insert = 'INSERT INTO things (id, name) VALUES ($1, $2) RETURNING id, name';
      expect(await runner.query(insert, [1, 'eins'])).toEqual([{ id: 1, name: 'eins' }]);
      expect(await runner.query(insert, [2, 'zwei'])).toEqual([{ id: 2, name: 'zwei' }]);
      expect(await preparedIn(runner)).toEqual([statementName(insert)]);

      // a refusal is the same QueryFailedError with the driver's code, and the statement stays usable
      const duplicate: unknown = await runner.query(insert, [1, 'again']).catch((e: unknown) => e);
      expect(duplicate).toBeInstanceOf(QueryFailedError);
      expect((duplicate as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe(
        '23505',
      );
      expect(await runner.query(insert, [3, 'drei'])).toEqual([{ id: 3, name: 'drei' }]);

      // a statement that does not parse is not remembered as prepared
      await expect(runner.query('SELEKT $1::int', [1])).rejects.toThrow(/syntax/);
      await expect(runner.query('SELEKT $1::int', [1])).rejects.toThrow(/syntax/);
      // without parameters (transaction control, DDL): as before, nothing prepared
      await runner.query('SELECT 1');
      expect(await preparedIn(runner)).toEqual([statementName(insert)]);
    }));

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=false', () =>
    inSession(false, async (runner) => {
      expect(await runner.query('SELECT name FROM things WHERE id = $1', [2])).toEqual([{ name: 'zwei' }]);
      expect(await preparedIn(runner)).toEqual([]);
    }));

  it('after a migration changed the columns a statement returns, fails that call once and prepares it anew', () =>
    inSession(true, async (runner) => {
      const select = 'SELECT * FROM things WHERE id = $1';
      expect(await runner.query(select, [3])).toEqual([{ id: 3, name: 'drei' }]);
      await runner.query('ALTER TABLE things ADD COLUMN note text');
      await expect(runner.query(select, [3])).rejects.toThrow(/cached plan must not change result type/);
      expect(await runner.query(select, [3])).toEqual([{ id: 3, name: 'drei', note: null }]);
    }));

  it(`prepares at most ${MAX_PREPARED_PER_CONNECTION} statements per connection; further ones still run`, () =>
    inSession(true, async (runner) => {
      const before = (await preparedIn(runner)).length;
      for (let i = 0; i <= MAX_PREPARED_PER_CONNECTION; i++) {
        expect(await runner.query(`SELECT $1::int + ${i} AS n`, [1])).toEqual([{ n: 1 + i }]);
      }
      expect((await preparedIn(runner)).length).toBe(MAX_PREPARED_PER_CONNECTION);
      expect(before).toBeLessThan(MAX_PREPARED_PER_CONNECTION);
    }));
});
