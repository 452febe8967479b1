import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Locale } from '@buergeramt/contracts';
import { type FieldError, localeOf, ProblemException, ValidationProblem } from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { fieldErrors, FieldProblem, IdentityProblem, problemTitle, validationTitle } from './identity.errors';
import { fieldMessage, MESSAGES } from './messages';

/**
 * A problem in `locale`: identity's own problems from their texts; the 422s of the validation pipe
 * (class-validator's and identity's field messages) and the platform's 404 translated; anything else
 * as it is.
 */
export function inLanguage(error: unknown, locale: Locale): unknown {
  if (error instanceof IdentityProblem) return error.in(locale);
  if (error instanceof ValidationProblem) {
    const errors: FieldError[] =
      error instanceof FieldProblem
        ? fieldErrors(error.fields, locale)
        : error.errors.map((entry) => ({ ...entry, message: fieldMessage(entry.message, locale) }));
    const standard: (string | undefined)[] = [
      undefined,
      MESSAGES.validationDetail.de,
      MESSAGES.validationDetail.en,
    ];
    const detail = standard.includes(error.detail) ? MESSAGES.validationDetail[locale] : error.detail;
    return new ProblemException(422, 'validation-failed', validationTitle(locale), detail, {
      ...error.extensions,
      errors,
    });
  }
  if (error instanceof ProblemException && error.type === 'not-found') {
    const detail = error.detail === MESSAGES.notFound.en ? MESSAGES.notFound[locale] : error.detail;
    return new ProblemException(
      404,
      'not-found',
      problemTitle('not-found', locale),
      detail,
      error.extensions,
    );
  }
  return error;
}

/**
 * Answers identity's problems in the language of the request (`Accept-Language`: de by default, en),
 * API.md's rule for every text of a response: `detail`, `title` and each `errors[].message`.
 */
@Injectable()
export class ProblemLanguageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (context.getType() !== 'http') return throwError(() => error);
        const locale = localeOf(context.switchToHttp().getRequest<FastifyRequest>());
        return throwError(() => inLanguage(error, locale));
      }),
    );
  }
}
