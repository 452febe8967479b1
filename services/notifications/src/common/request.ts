import type { AuthUser } from '@buergeramt/platform';
import { NotificationsProblem } from './notifications.errors';

/**
 * How the optional `Accept-Language` header is documented where it is read (a bare `@Headers()` parameter
 * would be documented as required).
 */
export const ACCEPT_LANGUAGE_HEADER = {
  name: 'accept-language',
  required: false,
  description:
    'de (default) or en: the language of texts for people the service has no profile of; else the preferences or profile decide',
  schema: { type: 'string', example: 'en' },
} as const;

/** The caller's user id; machine clients have no inbox and no preferences (403). */
export function personId(user: AuthUser): string {
  if (user.kind !== 'user') throw new NotificationsProblem('not-a-person');
  return user.id;
}
