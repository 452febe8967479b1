import { createApi, Session } from '@buergeramt/api-client';
import { isStaffRole } from '@buergeramt/contracts';
import { currentLocale } from '../i18n';

/**
 * The back office's one session and API client. The access token lives in `session` only (memory); the
 * refresh token is identity's HttpOnly cookie, which the browser shares with the citizen app. This app
 * is for staff: a resident's session is never kept here (the mirror of the citizen app's rule), and its
 * "a session may exist" hint is its own, so the citizen app forgetting a staff session leaves it alone.
 */
export const session = new Session({
  accepts: (user) => user.roles.some(isStaffRole),
  hintKey: 'buergeramt.backoffice.session',
});
export const api = createApi({ session, language: currentLocale });
