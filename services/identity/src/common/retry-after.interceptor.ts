import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { IdentityProblem } from './identity.errors';

/** Adds `Retry-After` to problems that carry one (429 account-locked), then lets the problem filter answer. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof IdentityProblem && error.retryAfterSeconds !== undefined) {
          const reply = context.switchToHttp().getResponse<FastifyReply>();
          void reply.header('retry-after', String(error.retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
