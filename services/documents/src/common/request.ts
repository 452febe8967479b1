import type { FastifyRequest } from 'fastify';

/** The request id, for events' traceId and audit entries. */
export function requestIdOf(request: FastifyRequest): string {
  return String(request.id);
}
