import { ParseUUIDPipe } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '@buergeramt/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotFoundProblem, ValidationProblem } from '../errors/problem';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** `?limit=&cursor=` as API.md's conventions define them; extend it with a list's own filters. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque; the `nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Lists are ordered by their UUIDv7 ids (time-ordered); the cursor is the last id of a page, encoded so
 * that clients treat it as opaque.
 */
export function encodeCursor(id: string): string {
  return Buffer.from(`v1:${id}`, 'utf8').toString('base64url');
}

/** The id a cursor stands for, or null without one; a cursor not made by `encodeCursor` is a 422 on `cursor`. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = decoded.startsWith('v1:') ? decoded.slice(3) : '';
  if (!UUID.test(id))
    throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not a cursor of this list' }]);
  return id;
}

/** Builds a page from `limit + 1` rows fetched in list order: the extra row only says that more exist. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: more && last ? encodeCursor(last.id) : null,
  };
}

/** A path id that is not a UUID cannot name anything: 404, like an id that names nothing. */
export const ID_PIPE = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundProblem() });

/**
 * Cursors of lists ordered by other keys than the id (a time, an offset): base64url of a JSON array
 * `[list, ...sort keys of the last item]`. The list's name is part of the cursor, so a cursor of one list
 * is a 422 on another (and id cursors of `encodeCursor` are a 422 here, and the other way round).
 */
export function encodeKeyedCursor(list: string, keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...keys]), 'utf8').toString('base64url');
}

/** 422 on `cursor`: a cursor this list did not make. */
export function notACursor(): ValidationProblem {
  return new ValidationProblem([{ field: 'cursor', message: 'cursor is not a cursor of this list' }]);
}

/** The `arity` sort keys a cursor of `list` stands for, undefined without one; anything else is a 422. */
export function decodeKeyedCursor(
  cursor: string | undefined,
  list: string,
  arity: number,
): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity + 1 &&
      parsed[0] === list &&
      parsed.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return parsed.slice(1);
    }
  } catch {
    // not JSON: not ours
  }
  throw notACursor();
}

/** The (time, id) of the last item of the previous page of a list ordered by a timestamp and the id. */
export function decodeTimeIdCursor(
  cursor: string | undefined,
  list: string,
): { at: Date; id: string } | undefined {
  const keys = decodeKeyedCursor(cursor, list, 2);
  if (!keys) return undefined;
  const [time, id] = keys;
  const at = typeof time === 'string' ? new Date(time) : null;
  if (!at || Number.isNaN(at.getTime()) || typeof id !== 'string' || !UUID.test(id)) throw notACursor();
  return { at, id };
}

/** Like `toPage`, for a keyed list: `keys` gives the sort keys of a row, the cursor carries those of the last. */
export function toKeyedPage<R, T>(
  rows: readonly R[],
  limit: number,
  list: string,
  map: (row: R) => T,
  keys: (row: R) => (string | number)[],
): Page<T> {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor: more && last !== undefined ? encodeKeyedCursor(list, keys(last)) : null,
  };
}
