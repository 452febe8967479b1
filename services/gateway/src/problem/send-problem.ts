import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@buergeramt/contracts';
import { genericProblem } from '@buergeramt/platform';
import type { FastifyReply } from 'fastify';

/** Problem details of a generic type (`bad-gateway`, `not-found`, …) for the request's path. */
export function problemFor(reply: FastifyReply, status: number, detail?: string): ProblemDetails {
  return { ...genericProblem(status, detail), instance: reply.request.url.split('?')[0] };
}

/**
 * Answers a raw Fastify reply (routes outside Nest's controllers, hooks, proxy errors) with RFC 9457
 * problem details; a reply already on its way is left alone.
 */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  if (reply.sent) return reply;
  return reply
    .code(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store')
    .send(problem);
}
