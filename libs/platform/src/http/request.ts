import type { FastifyRequest } from 'fastify';
import type { Locale } from '@buergeramt/contracts';

/** The request id, for events' traceId and audit entries. */
export function requestIdOf(request: FastifyRequest): string {
  return String(request.id);
}

/**
 * The one of the API's two languages an `Accept-Language` header ranks higher, or null when it names
 * neither. A language weighted `q=0` is one the caller does not accept (RFC 9110 §12.5.4) and is never
 * chosen; a weight that is not a number counts as 1. The one parser of the platform: `localeOf` for
 * answers (German by default), and where a stored preference decides when the header names nothing.
 */
export function localeFromHeader(header: string | string[] | undefined): Locale | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const ranked = value
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = weight ? Number(weight.slice(2)) : 1;
      return { lang: (tag ?? '').trim().toLowerCase().slice(0, 2), q: Number.isFinite(q) ? q : 1 };
    })
    .filter((entry) => (entry.lang === 'de' || entry.lang === 'en') && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked[0]?.lang;
  return first === 'en' || first === 'de' ? first : null;
}

/** The language of an answer: the one Accept-Language ranks higher of German and English, else German. */
export function localeOf(request: Pick<FastifyRequest, 'headers'>): Locale {
  return localeFromHeader(request.headers['accept-language']) ?? 'de';
}
