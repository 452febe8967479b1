import { NotFoundProblem, ValidationProblem } from '@buergeramt/platform';
import { ParseUUIDPipe } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_LIMIT = 20;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** Cursors are opaque: base64url of a JSON array of the sort keys of the last item. */
export function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** The sort keys a cursor stands for; a cursor we did not make is a 422 on `cursor`. */
export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
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
  throw new ValidationProblem([{ field: 'cursor', message: 'is not a cursor of this list' }]);
}

/** Splits `limit + 1` rows into a page and the cursor of the next one. */
export function toPage<R, T>(
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

/** A path id that is not a UUID cannot name anything: 404. */
export const ID_PIPE = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundProblem() });
