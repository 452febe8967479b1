import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE } from '@buergeramt/contracts';
import { ProblemExceptionFilter, toProblem } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityProblem, type OAuthError } from '../common/identity.errors';
import { MESSAGES } from '../common/messages';

/**
 * Errors of the token endpoint: problem+json like everywhere, plus the RFC 6749 §5.2 members `error` and
 * `error_description`, so that standard OAuth client libraries understand them.
 */
@Catch()
export class OAuthProblemFilter implements ExceptionFilter {
  private readonly fallback = new ProblemExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const { problem, unexpected } = toProblem(exception);
    const oauthError: OAuthError | undefined =
      exception instanceof IdentityProblem
        ? exception.oauthError
        : problem.status === 422
          ? 'invalid_request'
          : undefined;
    if (unexpected || oauthError === undefined) return this.fallback.catch(exception, host);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    problem.instance = request.url.split('?')[0];
    problem.error = oauthError;
    // RFC 6749 §5.2: ASCII only, so English whatever the request's language
    problem.error_description =
      exception instanceof IdentityProblem ? exception.oauthDescription : MESSAGES.validationDetail.en;
    if (problem.status === 401 && typeof request.headers.authorization === 'string') {
      void reply.header('www-authenticate', 'Basic realm="buergeramt"');
    }
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(problem);
  }
}
