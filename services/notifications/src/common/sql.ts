import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Quotes a Postgres identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The quoted, schema-qualified table of an entity, for raw SQL (upserts with conditions, row locks), so
 * that queries hit this service's tables whatever the connection's search path.
 */
export function tableOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const { schema, tableName } = manager.connection.getMetadata(entity);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(tableName)}` : quoteIdent(tableName);
}

/** Rows affected by a raw UPDATE/DELETE through `manager.query` (pg returns `[rows, count]`). */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** The rows of a raw `UPDATE/DELETE ... RETURNING` (TypeORM's pg driver wraps them as `[rows, count]`). */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return Array.isArray(result) ? (result as T[]) : [];
}
