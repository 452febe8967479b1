import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/** The parameters of the client credentials grant that `TokenRequestDto` knows (RFC 6749 §4.4.2, §2.3.1). */
export const TOKEN_PARAMETERS: readonly string[] = ['grant_type', 'client_id', 'client_secret', 'scope'];

/**
 * RFC 6749 §3.2: "The authorization server MUST ignore unrecognized request parameters." The token
 * request keeps only the parameters it knows before it is validated, so a client that sends e.g.
 * `audience` or `resource` gets its token instead of a 422; every other endpoint still refuses unknown
 * fields. Runs before the pipes (Nest runs interceptors first).
 */
@Injectable()
export class IgnoreUnknownTokenParameters implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body = request.body;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const known: Record<string, unknown> = {};
      for (const name of TOKEN_PARAMETERS) {
        if (Object.hasOwn(body, name)) known[name] = (body as Record<string, unknown>)[name];
      }
      request.body = known;
    }
    return next.handle();
  }
}
