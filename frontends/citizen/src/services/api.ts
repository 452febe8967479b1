import { createApi, Session } from '@buergeramt/api-client';
import { isStaffRole } from '@buergeramt/contracts';
import { currentLocale } from '../i18n';

/**
 * The app's one session and API client. The access token lives in `session` only (memory); the refresh
 * token is identity's HttpOnly cookie. Every request carries the chosen language. This app is for
 * residents: a session of someone with a staff role is never kept here (the back office is theirs).
 */
export const session = new Session({ accepts: (user) => !user.roles.some(isStaffRole) });
export const api = createApi({ session, language: currentLocale });
