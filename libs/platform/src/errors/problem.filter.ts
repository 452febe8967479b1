import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@buergeramt/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { genericProblem } from './problem';

/** Fastify's own error codes that are the client's fault, mapped to statuses. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, number>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
  FST_ERR_CTP_EMPTY_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_TYPE: 400,
  FST_ERR_BAD_URL: 400,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Socket errors of a connection that could not be made or broke (Node's codes). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a database that is going away or cannot take a connection (besides class 08). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** node-postgres's own words for a connection that broke or never came. */
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

/**
 * Whether an error means that a backing service (the database) cannot be reached right now, rather than
 * a fault of the request or a bug: a refused, reset or timed-out connection, Postgres shutting down or
 * refusing connections, also when TypeORM wraps it (`driverError`).
 */
export function isUnavailableError(exception: unknown): boolean {
  let error: unknown = exception;
  for (let depth = 0; depth < 3 && isRecord(error); depth++) {
    const code = error.code;
    if (typeof code === 'string') {
      if (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
        return true;
    }
    if (typeof error.message === 'string' && PG_CONNECTION_MESSAGE.test(error.message)) return true;
    error = error.driverError ?? error.cause;
  }
  return false;
}

/** Turns anything thrown into problem details, never leaking stack traces, SQL or internal names. */
export function toProblem(exception: unknown): { problem: ProblemDetails; unexpected: boolean } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const base = genericProblem(status);
    if (isRecord(body) && typeof body.type === 'string') {
      // ProblemException, or a Nest exception constructed with a problem-shaped object
      const { statusCode: _statusCode, message: _message, error: _error, ...rest } = body;
      return { problem: { ...base, ...rest, status }, unexpected: false };
    }
    if (status === 404)
      return { problem: genericProblem(404, 'There is nothing at this address.'), unexpected: false };
    const message = isRecord(body) ? body.message : body;
    const detail = typeof message === 'string' && status < 500 ? message : undefined;
    return { problem: detail ? { ...base, detail } : base, unexpected: status >= 500 };
  }
  if (isRecord(exception) && typeof exception.code === 'string') {
    const status = FASTIFY_CLIENT_ERRORS[exception.code];
    if (status) {
      return {
        problem: genericProblem(
          status,
          typeof exception.message === 'string' ? exception.message : undefined,
        ),
        unexpected: false,
      };
    }
  }
  if (
    isRecord(exception) &&
    typeof exception.statusCode === 'number' &&
    exception.statusCode >= 400 &&
    exception.statusCode < 500
  ) {
    return { problem: genericProblem(exception.statusCode), unexpected: false };
  }
  if (isUnavailableError(exception)) {
    // the client may try again (a retry with the same Idempotency-Key is safe): 503, not 500; still
    // logged with an error id, as an outage of the database is what operators must see
    return {
      problem: genericProblem(
        503,
        'The service cannot reach its database right now. Please try again shortly.',
      ),
      unexpected: true,
    };
  }
  return { problem: genericProblem(500), unexpected: true };
}

/** The one exception filter: every error leaves as `application/problem+json`. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, unexpected } = toProblem(exception);
    problem.instance = request.url.split('?')[0];
    if (unexpected) {
      // A correlation id in the answer and the log, so that support can find the stack trace.
      const errorId = randomUUID();
      problem.errorId = errorId;
      this.logger.error({ err: exception, errorId, requestId: request.id }, 'unhandled error');
    }
    if (reply.sent) return;
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
