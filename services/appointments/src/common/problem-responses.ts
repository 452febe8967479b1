import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** Documents problem+json answers: `Problems([401, 'invalid-credentials'], [422, 'validation-failed'])`. */
export function Problems(
  ...problems: [status: number, ...types: string[]][]
): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, string[]>();
  for (const [status, ...types] of problems)
    byStatus.set(status, [...(byStatus.get(status) ?? []), ...types]);
  return applyDecorators(
    ...[...byStatus].map(([status, types]) =>
      ApiResponse({
        status,
        description: `application/problem+json, type ${types.map((t) => `\`${t}\``).join(' or ')}`,
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      }),
    ),
  );
}
