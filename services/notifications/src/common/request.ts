import type { Locale } from '@buergeramt/contracts';
import type { AuthUser } from '@buergeramt/platform';
import { notificationsProblem } from './notifications.errors';

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

/** The language asked for with Accept-Language: `en` when English is ranked above German, else `de`. */
export function localeFromHeader(header: string | string[] | undefined): Locale | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const ranked = value
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: (tag ?? '').trim().toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => (entry.lang === 'de' || entry.lang === 'en') && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked[0]?.lang;
  return first === 'en' || first === 'de' ? first : null;
}

/** The caller's user id; machine clients have no inbox and no preferences (403). */
export function personId(user: AuthUser): string {
  if (user.kind !== 'user') throw notificationsProblem('not-a-person');
  return user.id;
}
