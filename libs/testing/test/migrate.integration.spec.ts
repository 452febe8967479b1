// Replicas starting together: the platform's migration routine, run from several DataSources at the same
// time against one fresh schema, migrates exactly once.
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  dataSourceOptions,
  DatabaseServiceConfig,
  loadConfig,
  runMigrationsUnderLock,
} from '@buergeramt/platform';
import { createTestSchema, type TestSchema } from '../src';

/** Not idempotent on purpose: a second run fails with "relation already exists". */
class CreateCitizens1700000000001 implements MigrationInterface {
  name = 'CreateCitizens1700000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE citizens (id int PRIMARY KEY)');
    // widens the window in which the other replicas try to migrate too
    await runner.query('SELECT pg_sleep(0.3)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE citizens');
  }
}

class AddCitizenIndex1700000000002 implements MigrationInterface {
  name = 'AddCitizenIndex1700000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX citizens_id_idx ON citizens (id)');
    await runner.query('CREATE TABLE migration_runs (name text NOT NULL)');
    await runner.query(`INSERT INTO migration_runs VALUES ('AddCitizenIndex1700000000002')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE migration_runs');
    await runner.query('DROP INDEX citizens_id_idx');
  }
}

const MIGRATIONS = [CreateCitizens1700000000001, AddCitizenIndex1700000000002];

describe('runMigrationsUnderLock with replicas starting at the same time', () => {
  const schemas: TestSchema[] = [];
  const dataSources: DataSource[] = [];

  afterEach(async () => {
    await Promise.all(
      dataSources.splice(0).map((ds) => (ds.isInitialized ? ds.destroy() : Promise.resolve())),
    );
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  /** A DataSource exactly as DatabaseModule builds it, for a schema that does not exist yet. */
  async function replica(schemaName: string, url: string, poolSize: number): Promise<DataSource> {
    const config = loadConfig(DatabaseServiceConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(poolSize),
    });
    const ds = new DataSource(
      dataSourceOptions(config, { schema: schemaName, entities: [], migrations: MIGRATIONS }),
    );
    dataSources.push(ds);
    return ds.initialize();
  }

  async function freshSchemaName(): Promise<{ name: string; url: string }> {
    // createTestSchema gives a unique name; dropping it first lets the routine create the schema itself
    const schema = await createTestSchema('migrate');
    schemas.push(schema);
    await schema.drop();
    return { name: schema.schema, url: schema.url };
  }

  it.each([
    { replicas: 2, poolSize: 10 },
    { replicas: 4, poolSize: 10 },
    { replicas: 2, poolSize: 1 },
  ])(
    '$replicas replicas (pool size $poolSize) all succeed and each migration runs once',
    async ({ replicas, poolSize }) => {
      const { name, url } = await freshSchemaName();
      const sources = await Promise.all(Array.from({ length: replicas }, () => replica(name, url, poolSize)));

      const results = await Promise.allSettled(sources.map((ds) => runMigrationsUnderLock(ds, name)));
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(errors).toEqual([]);
      const ran = results.map((r) => (r.status === 'fulfilled' ? r.value : []));

      // exactly one replica ran both migrations, in order; the others found nothing to do
      expect(ran.filter((names) => names.length > 0)).toEqual([
        ['CreateCitizens1700000000001', 'AddCitizenIndex1700000000002'],
      ]);
      expect(ran.filter((names) => names.length === 0)).toHaveLength(replicas - 1);

      const [db, later] = sources;
      if (!db || !later) throw new Error(`expected at least two replicas, got ${sources.length}`);
      const rows: { name: string }[] = await db.query(`SELECT name FROM "${name}".migrations ORDER BY id`);
      expect(rows.map((r) => r.name)).toEqual([
        'CreateCitizens1700000000001',
        'AddCitizenIndex1700000000002',
      ]);
      const runs: { name: string }[] = await db.query(`SELECT name FROM "${name}".migration_runs`);
      expect(runs).toHaveLength(1);

      // a replica starting later finds everything done
      expect(await runMigrationsUnderLock(later, name)).toEqual([]);
    },
    60_000,
  );
});
