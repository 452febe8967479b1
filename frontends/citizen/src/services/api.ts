import { createApi, Session } from '@buergeramt/api-client';
import { currentLocale } from '../i18n';

/**
 * The app's one session and API client. The access token lives in `session` only (memory); the refresh
 * token is identity's HttpOnly cookie. Every request carries the chosen language.
 */
export const session = new Session();
export const api = createApi({ session, language: currentLocale });
