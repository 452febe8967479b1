import type { IncomingHttpHeaders } from 'node:http';

/** Header values as Node and undici hand them over (lower-case names). */
export type HeaderMap = Readonly<Record<string, string | string[] | number | undefined>>;

/** The headers a stored answer is replayed with. */
export type StoredHeaders = Readonly<Record<string, string | string[]>>;

export interface PublicCacheSettings {
  /** the longest time an answer is kept, in seconds; 0 turns the cache off */
  seconds: number;
  /** the body bytes kept in all, least recently used entries go first */
  maxBytes: number;
  /** the largest body kept */
  entryBytes: number;
  /** the clock in milliseconds (tests) */
  now?: () => number;
}

/** Why an answer is not stored (one reason, the first rule it breaks). */
export type Refusal =
  | 'status'
  | 'request-no-store'
  | 'cache-control'
  | 'set-cookie'
  | 'vary'
  | 'etag'
  | 'content-encoding'
  | 'event-stream'
  | 'too-large'
  | 'stale';

/** What is known, from the headers alone, about an answer that may be stored. */
export interface StoragePlan {
  /** seconds it may be reused, counted from its age at the service (min(max-age, PUBLIC_CACHE_SECONDS)) */
  lifetimeSeconds: number;
  /** its `Age` when it came (0 unless the service sent one) */
  ageSeconds: number;
  /** the request headers it varied by (lower-case; only `accept-language` is accepted) */
  vary: readonly string[];
  etag: string;
  /** its declared `Content-Length`, if any (a body without one is buffered up to `entryBytes`) */
  contentLength?: number;
}

export type Decision = { store: true; plan: StoragePlan } | { store: false; reason: Refusal };

/** A stored answer, ready to be sent again. */
export interface CachedAnswer {
  headers: StoredHeaders;
  body: Buffer;
  etag: string;
  /** whole seconds since the service made it (RFC 9111 §5.1) */
  age: number;
}

interface Entry {
  key: string;
  headers: StoredHeaders;
  body: Buffer;
  etag: string;
  storedAt: number;
  expiresAt: number;
  ageAtStore: number;
}

/**
 * At most this many entries, whatever their size (many tiny answers, e.g. one per `Accept-Language` value
 * a client makes up, would otherwise cost memory the byte limit does not count).
 */
export const MAX_ENTRIES = 10_000;

/** The only request header an answer may vary by and still be kept. */
const VARY_ALLOWED = 'accept-language';

/**
 * Headers of the stored answer that belong to one response only: Fastify and the gateway's hooks set
 * them afresh (`date`, `content-length`, `x-request-id`), `age` is computed on every hit.
 */
const PER_RESPONSE = new Set(['date', 'content-length', 'x-request-id', 'age', 'connection', 'keep-alive']);

/** A header's value as one string (a list joined with commas), undefined when absent. */
export function headerText(value: string | string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** `Cache-Control` directives by lower-case name (value without quotes, `''` for none). */
export function cacheDirectives(value: string | string[] | number | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of (headerText(value) ?? '').split(',')) {
    const [rawName = '', ...rest] = part.split('=');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    // the first of a repeated directive counts
    if (!directives.has(name)) {
      directives.set(
        name,
        rest
          .join('=')
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
    }
  }
  return directives;
}

/** A whole number of digits only (delta-seconds, RFC 9111 §1.2.2; a length), or undefined. */
function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The gateway's shared cache of public reads (RFC 9111, kept deliberately small): answers a service
 * marked `public, max-age=…` with an ETag are kept in memory for min(max-age, PUBLIC_CACHE_SECONDS), keyed by
 * path and query as received, plus the request's `Accept-Language` when the answer varied by it. Bounded
 * by total body bytes; the least recently used entries go first. `clear()` forgets everything (after an
 * admin's change); an answer fetched before a clear is not stored after it (`generation`).
 */
export class PublicCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private currentGeneration = 0;
  private readonly now: () => number;

  constructor(private readonly settings: PublicCacheSettings) {
    this.now = settings.now ?? Date.now;
  }

  /** False with PUBLIC_CACHE_SECONDS=0: nothing is looked up or stored. */
  get enabled(): boolean {
    return this.settings.seconds > 0;
  }

  /** Moves on with every `clear()`; a miss notes it when it starts and stores only if it has not moved. */
  get generation(): number {
    return this.currentGeneration;
  }

  /** Number of entries and their body bytes (metrics, tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The largest body worth buffering: the entry limit, and never more than the whole cache. */
  get entryLimit(): number {
    return Math.min(this.settings.entryBytes, this.settings.maxBytes);
  }

  /**
   * Whether an answer to a GET may be stored, from its status and headers (as the service sent them) and
   * the request's: 200; `public` and `max-age` > 0 without `no-store`, `private`, `no-cache` or
   * `s-maxage=0`; no `Set-Cookie`; `Vary` absent or `Accept-Language` only; an `ETag`; not encoded; not an
   * event stream; a declared length within the entry limit; still fresh given its `Age`.
   */
  decide(status: number, headers: HeaderMap, requestHeaders: IncomingHttpHeaders): Decision {
    if (status !== 200) return { store: false, reason: 'status' };
    if (cacheDirectives(requestHeaders['cache-control']).has('no-store')) {
      return { store: false, reason: 'request-no-store' };
    }

    const directives = cacheDirectives(headers['cache-control']);
    const maxAge = wholeNumber(directives.get('max-age'));
    const sharedMaxAge = directives.has('s-maxage') ? wholeNumber(directives.get('s-maxage')) : undefined;
    if (
      !directives.has('public') ||
      ['no-store', 'private', 'no-cache'].some((name) => directives.has(name)) ||
      maxAge === undefined ||
      maxAge <= 0 ||
      (directives.has('s-maxage') && !sharedMaxAge)
    ) {
      return { store: false, reason: 'cache-control' };
    }
    if (headers['set-cookie'] !== undefined) return { store: false, reason: 'set-cookie' };

    const vary = [
      ...new Set(
        (headerText(headers.vary) ?? '')
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    if (vary.some((name) => name !== VARY_ALLOWED)) return { store: false, reason: 'vary' };

    const etag = headerText(headers.etag)?.trim();
    if (!etag) return { store: false, reason: 'etag' };

    const encoding = headerText(headers['content-encoding'])?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') return { store: false, reason: 'content-encoding' };
    if (/^\s*text\/event-stream/i.test(headerText(headers['content-type']) ?? '')) {
      return { store: false, reason: 'event-stream' };
    }

    const declared = headerText(headers['content-length']);
    const contentLength = wholeNumber(declared?.trim());
    if (declared !== undefined && contentLength === undefined) return { store: false, reason: 'too-large' };
    if (contentLength !== undefined && contentLength > this.entryLimit) {
      return { store: false, reason: 'too-large' };
    }

    // a shared cache takes s-maxage over max-age (RFC 9111 §5.2.2.10)
    const lifetimeSeconds = Math.min(sharedMaxAge ?? maxAge, this.settings.seconds);
    const ageSeconds = wholeNumber(headerText(headers.age)?.trim()) ?? 0;
    if (ageSeconds >= lifetimeSeconds) return { store: false, reason: 'stale' };

    return { store: true, plan: { lifetimeSeconds, ageSeconds, vary, etag, contentLength } };
  }

  /**
   * Keeps an answer `decide` allowed: `headers` as the client got them the first time (per-response ones
   * are left out), `body` in full. Refused (false) when the cache is off or was cleared since
   * `generation`, or the body is over the entry limit or not the declared length.
   */
  store(
    url: string,
    requestHeaders: IncomingHttpHeaders,
    plan: StoragePlan,
    headers: HeaderMap,
    body: Buffer,
    generation: number,
  ): boolean {
    if (!this.enabled || generation !== this.currentGeneration) return false;
    if (body.length > this.entryLimit) return false;
    if (plan.contentLength !== undefined && body.length !== plan.contentLength) return false;

    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (value === undefined || PER_RESPONSE.has(lower)) continue;
      kept[lower] = typeof value === 'number' ? String(value) : value;
    }

    const varies = plan.vary.includes(VARY_ALLOWED);
    const key = varies ? variantKey(url, requestHeaders) : url;
    // the answer now varies (or no longer does): the other kind of entry for this URL is outdated
    if (varies) this.remove(url);

    const now = this.now();
    this.remove(key);
    this.entries.set(key, {
      key,
      headers: kept,
      body,
      etag: plan.etag,
      storedAt: now,
      expiresAt: now + (plan.lifetimeSeconds - plan.ageSeconds) * 1000,
      ageAtStore: plan.ageSeconds,
    });
    this.bytes += body.length;
    this.evict();
    return true;
  }

  /** The fresh answer stored for this URL (and this request's `Accept-Language`, if it varied), if any. */
  lookup(url: string, requestHeaders: IncomingHttpHeaders): CachedAnswer | undefined {
    if (!this.enabled) return undefined;
    const entry = this.fresh(url) ?? this.fresh(variantKey(url, requestHeaders));
    if (!entry) return undefined;
    // most recently used last
    this.entries.delete(entry.key);
    this.entries.set(entry.key, entry);
    return {
      headers: entry.headers,
      body: entry.body,
      etag: entry.etag,
      age: entry.ageAtStore + Math.max(0, Math.floor((this.now() - entry.storedAt) / 1000)),
    };
  }

  /** Forgets every entry; answers on their way from a service are not stored either. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.currentGeneration++;
  }

  private fresh(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() < entry.expiresAt) return entry;
    this.remove(key);
    return undefined;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.settings.maxBytes && this.entries.size <= MAX_ENTRIES) return;
      this.remove(key);
    }
  }
}

/** The key of an answer that varied by `Accept-Language`: the URL and the request's value (absent ≠ empty). */
function variantKey(url: string, requestHeaders: IncomingHttpHeaders): string {
  const language = headerText(requestHeaders[VARY_ALLOWED]);
  return `${url}\n${language === undefined ? '-' : `=${language}`}`;
}
