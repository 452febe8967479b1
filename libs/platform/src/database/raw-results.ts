/**
 * What `manager.query` answers for a raw UPDATE/DELETE: TypeORM's pg driver wraps it as `[rows, rowCount]`
 * (rows only with RETURNING), unlike a SELECT, which is the rows themselves.
 */

/** Rows affected by a raw UPDATE/DELETE. */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** The rows of a raw `UPDATE/DELETE ... RETURNING`. */
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
