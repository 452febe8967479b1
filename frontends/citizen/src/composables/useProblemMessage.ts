import { useI18n } from 'vue-i18n';
import { ApiProblem } from '@buergeramt/api-client';

/**
 * Turns any failure into a sentence a resident understands, with a way forward. A page can pass its own
 * texts per problem type (`{ 'slot-unavailable': t('booking.slotTaken') }`); otherwise the app's texts
 * per type and status apply, and as a last resort the API's own `detail` (which comes in the request's
 * language). Never a stack trace, never a raw status code.
 */
export function useProblemMessage() {
  const i18n = useI18n();
  const t = i18n.t;

  return function describe(error: unknown, byType: Record<string, string> = {}): string {
    if (!(error instanceof ApiProblem)) return t('problems.generic');
    const own = byType[error.type];
    if (own) return own;
    const key = `problems.${error.type}`;
    if (i18n.te(key)) return t(key);
    if (error.status === 429) return t('problems.too-many-requests');
    if (error.status === 503) return t('problems.unavailable');
    if (error.status >= 500) return t('problems.server');
    if (error.status === 404) return t('problems.not-found');
    if (error.detail) return error.detail;
    return t('problems.generic');
  };
}
