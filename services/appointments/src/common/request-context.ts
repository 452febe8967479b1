import type { Locale } from '@buergeramt/contracts';
import type { FastifyRequest } from 'fastify';

/** The request id, for events' traceId and audit entries. */
export function requestIdOf(request: FastifyRequest): string {
  return String(request.id);
}

/** The language asked for with Accept-Language: `en` when English comes before German, else `de`. */
export function localeOf(request: Pick<FastifyRequest, 'headers'>): Locale {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'de';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: (tag ?? '').trim().toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.lang === 'de' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang === 'en' ? 'en' : 'de';
}
