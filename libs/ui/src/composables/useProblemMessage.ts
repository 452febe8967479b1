import { useI18n } from 'vue-i18n';

/**
 * What the library needs of an API failure: an RFC 9457 problem as the apps' API client throws it
 * (`ApiProblem` of @buergeramt/api-client has this shape; the library does not import the client).
 */
export interface ProblemLike {
  type: string;
  status: number;
  detail?: string;
}

/** Whether `error` is an API problem (an Error carrying a problem's `type` and `status`). */
export function isProblem(error: unknown): error is Error & ProblemLike {
  return (
    error instanceof Error &&
    typeof (error as Partial<ProblemLike>).type === 'string' &&
    typeof (error as Partial<ProblemLike>).status === 'number'
  );
}

/**
 * Turns any failure into a sentence a person understands, with a way forward. A page can pass its own
 * texts per problem type (`{ 'slot-unavailable': t('booking.slotTaken') }`); otherwise the library's texts
 * per type and status apply (`ui.problems`), and as a last resort the API's own `detail` (which comes in
 * the request's language). Never a stack trace, never a raw status code.
 */
export function useProblemMessage(): (error: unknown, byType?: Record<string, string>) => string {
  const i18n = useI18n();
  const t = i18n.t;

  return function describe(error: unknown, byType: Record<string, string> = {}): string {
    if (!isProblem(error)) return t('ui.problems.generic');
    const own = byType[error.type];
    if (own) return own;
    if (i18n.te(`ui.problems.${error.type}`)) return t(`ui.problems.${error.type}`);
    if (error.status === 429) return t('ui.problems.too-many-requests');
    if (error.status === 503) return t('ui.problems.unavailable');
    if (error.status >= 500) return t('ui.problems.server');
    if (error.status === 404) return t('ui.problems.not-found');
    if (error.detail) return error.detail;
    return t('ui.problems.generic');
  };
}
