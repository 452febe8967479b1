import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotFoundProblem, ValidationProblem } from '@buergeramt/platform';
import { ParseUUIDPipe } from '@nestjs/common';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** `?limit=&cursor=` as API.md's conventions define them. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque; the `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Lists are ordered by their UUIDv7 ids, newest first; the cursor is the last id of a page, encoded so
 * that clients treat it as opaque.
 */
export function encodeCursor(id: string): string {
  return Buffer.from(`v1:${id}`, 'utf8').toString('base64url');
}

/** The id a cursor stands for; a cursor that was not made by `encodeCursor` is a 422 on `cursor`. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = decoded.startsWith('v1:') ? decoded.slice(3) : '';
  if (!UUID.test(id)) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not valid' }]);
  return id;
}

/** Takes `limit + 1` rows fetched newest first and builds the page. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return {
    items: page.map(map),
    nextCursor: more && page.length > 0 ? encodeCursor(page[page.length - 1].id) : null,
  };
}

/** A path id that is not a UUID cannot name anything: 404. */
export const ID_PIPE = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundProblem() });
