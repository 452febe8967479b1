import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Quotes a Postgres identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

type HasOptions = Pick<DataSource, 'options'>;

/** The schema the DataSource works in (its `schema` option), or undefined for the search path. */
export function schemaOf(source: HasOptions): string | undefined {
  const options = source.options as { schema?: string };
  return options.schema || undefined;
}

/**
 * `"schema"."name"`: a table (or index, function) of the DataSource's schema when it has one, so raw SQL
 * and migrations hit the owning service's objects whatever the connection's search path.
 */
export function qualifiedTable(source: HasOptions | EntityManager | QueryRunner, name: string): string {
  const dataSource: HasOptions = 'options' in source ? source : source.connection;
  const schema = schemaOf(dataSource);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

/** The name of a messaging table, qualified like {@link qualifiedTable}. */
export function messagingTable(
  source: HasOptions | EntityManager | QueryRunner,
  table: 'outbox' | 'inbox' | 'outbox_jobs',
): string {
  return qualifiedTable(source, table);
}

/** Message of an unknown thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** Rejects with a timeout error if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The columns of an `outbox` row (an event), in the order the writers and the relay use them. */
export const EVENT_COLUMNS =
  '"id", "type", "version", "source", "subject", "data", "trace_id", "occurred_at"';
