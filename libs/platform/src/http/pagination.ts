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
  return {
    items: page.map(map),
    nextCursor: more && page.length > 0 ? encodeCursor(page[page.length - 1].id) : null,
  };
}

/** A path id that is not a UUID cannot name anything: 404, like an id that names nothing. */
export const ID_PIPE = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundProblem() });
