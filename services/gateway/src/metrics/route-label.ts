import type { FastifyRequest } from 'fastify';

const labels = new WeakMap<FastifyRequest, string>();

/** Names the public route prefix a request is counted under (a bounded label, never the raw path). */
export function setRouteLabel(request: FastifyRequest, label: string): void {
  labels.set(request, label);
}

/** The label set for the request, if any. */
export function routeLabel(request: FastifyRequest): string | undefined {
  return labels.get(request);
}
