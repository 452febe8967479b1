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
