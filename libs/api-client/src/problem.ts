import type { ProblemDetails } from '@buergeramt/contracts';

export interface FieldError {
  field: string;
  /** a sentence in the request's language */
  message: string;
  /** a stable code for the kind of refusal, where the API gives one (e.g. `password-common`) */
  code?: string;
}

/** `type` of the problem a request gets when the API could not be reached at all. */
export const NETWORK_ERROR = 'network-error';
/** `type` when the answer was an error but not problem+json (a proxy's HTML page, say). */
export const UNEXPECTED_ANSWER = 'unexpected-answer';

/**
 * Every failure of an API call, as one error type: the API's RFC 9457 problem details (`type` is the
 * API's slug, e.g. `slot-unavailable`), or a problem made up here for a network failure (`status` 0) or an
 * answer that was not problem+json. The app turns `type` into a sentence a resident understands.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];
  /** The whole problem body, extensions included (e.g. `currentStatus`, `lockedUntil`). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Seconds from a `Retry-After` header (429, 503), when there was one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: ProblemDetails, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
    this.body = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The problem an error answer carries; `body` is what was read of it (parsed JSON or text). */
  static fromResponse(response: Response, body: unknown): ApiProblem {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (isProblem(body)) return new ApiProblem({ ...body, status: response.status }, retryAfter);
    return new ApiProblem(
      {
        type: UNEXPECTED_ANSWER,
        title: response.statusText || 'Unexpected answer',
        status: response.status,
      },
      retryAfter,
    );
  }

  static network(cause: unknown): ApiProblem {
    const problem = new ApiProblem({
      type: NETWORK_ERROR,
      title: 'The service could not be reached',
      status: 0,
      detail: cause instanceof Error ? cause.message : undefined,
    });
    return problem;
  }

  is(...types: string[]): boolean {
    return types.includes(this.type);
  }

  /** The first message per field (a JSON pointer or dotted path as the API names it). */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.errors) byField[field] ??= message;
    return byField;
  }
}

function isFieldError(value: unknown): value is FieldError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldError).field === 'string' &&
    typeof (value as FieldError).message === 'string'
  );
}

function isProblem(body: unknown): body is ProblemDetails {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ProblemDetails).type === 'string' &&
    typeof (body as ProblemDetails).title === 'string'
  );
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
