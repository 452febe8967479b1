import { ValidationProblem } from '@buergeramt/platform';

/**
 * Cursors of the lists not ordered by id alone (catalogue offsets, deliveries by time and id): base64url of
 * a JSON array of the sort keys of the last item. Lists ordered by id use the platform's `decodeCursor` and
 * `toPage`; `?limit=&cursor=`, `DEFAULT_LIMIT` and `ID_PIPE` come from `@buergeramt/platform` too.
 */
export function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** 422 on `cursor`: a cursor this list did not make. */
export function notACursor(): ValidationProblem {
  return new ValidationProblem([{ field: 'cursor', message: 'is not a cursor of this list' }]);
}

/** The sort keys a cursor stands for; a cursor we did not make is a 422 on `cursor`. */
export function decodeKeyCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw notACursor();
}

/** Splits `limit + 1` rows into a page and the cursor of the next one. */
export function toKeyedPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  keys: (row: R) => (string | number)[],
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(map), nextCursor: more && last ? encodeCursor(keys(last)) : null };
}
