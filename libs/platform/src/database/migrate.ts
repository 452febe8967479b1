import { type DataSource, MigrationExecutor } from 'typeorm';

/** A stable 32-bit key for the advisory lock guarding one schema's migrations. */
function lockKey(schema: string): number {
  let hash = 0;
  for (const ch of `migrations:${schema}`) hash = (Math.imul(31, hash) + ch.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Creates the service's schema if needed and runs its pending migrations, each in its own transaction,
 * while holding a Postgres advisory lock, so that replicas starting together migrate once, in order.
 * Returns the names of the migrations that ran.
 *
 * The migrations run on the connection that holds the lock: asking the pool for a second one would
 * wait forever with DATABASE_POOL_SIZE=1, the lock holder occupying the only connection.
 */
export async function runMigrationsUnderLock(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey(schema)]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const ran = await executor.executePendingMigrations();
      return ran.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lockKey(schema)]);
    }
  } finally {
    await runner.release();
  }
}
