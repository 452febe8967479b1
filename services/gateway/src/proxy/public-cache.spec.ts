import type { IncomingHttpHeaders } from 'node:http';
import {
  cacheDirectives,
  type HeaderMap,
  MAX_ENTRIES,
  PublicCache,
  type PublicCacheSettings,
} from './public-cache';

/** A public read as `@PublicCache()` answers it (through the gateway's header rules). */
const publicAnswer = (extra: Record<string, string | string[] | undefined> = {}): HeaderMap => ({
  etag: '"catalogue-v1"',
  'cache-control': 'public, max-age=60',
  'content-type': 'application/json; charset=utf-8',
  ...extra,
});

describe('PublicCache', () => {
  let now = 1_000_000;
  const clock = (): number => now;
  const cacheWith = (settings: Partial<PublicCacheSettings> = {}): PublicCache =>
    new PublicCache({ seconds: 10, maxBytes: 1024, entryBytes: 256, now: clock, ...settings });

  beforeEach(() => {
    now = 1_000_000;
  });

  /** Decides and stores an answer the way the proxy does; true when it was kept. */
  function put(
    cache: PublicCache,
    url: string,
    body: string,
    headers: HeaderMap = publicAnswer(),
    request: IncomingHttpHeaders = {},
  ): boolean {
    const decision = cache.decide(200, headers, request);
    if (!decision.store) return false;
    return cache.store(url, request, decision.plan, headers, Buffer.from(body), cache.generation);
  }

  describe('what it stores', () => {
    it('stores a 200 marked public with a max-age and an ETag, for min(max-age, PUBLIC_CACHE_SECONDS)', () => {
      expect(cacheWith().decide(200, publicAnswer(), {})).toEqual({
        store: true,
        plan: {
          lifetimeSeconds: 10,
          ageSeconds: 0,
          vary: [],
          etag: '"catalogue-v1"',
          contentLength: undefined,
        },
      });
      const short = cacheWith().decide(200, publicAnswer({ 'cache-control': 'max-age=3, PUBLIC' }), {});
      expect(short).toMatchObject({ store: true, plan: { lifetimeSeconds: 3 } });
      // s-maxage is the shared caches' max-age
      const shared = cacheWith().decide(
        200,
        publicAnswer({ 'cache-control': 'public, max-age=60, s-maxage=4' }),
        {},
      );
      expect(shared).toMatchObject({ store: true, plan: { lifetimeSeconds: 4 } });
    });

    it('accepts Vary: Accept-Language (any case), a declared length within the limit and identity encoding', () => {
      const decision = cacheWith().decide(
        200,
        publicAnswer({ vary: 'accept-language, Accept-Language', 'content-length': '256' }),
        {},
      );
      expect(decision).toMatchObject({
        store: true,
        plan: { vary: ['accept-language'], contentLength: 256 },
      });
      expect(cacheWith().decide(200, publicAnswer({ 'content-encoding': 'identity' }), {}).store).toBe(true);
      // a bearer token on the request does not matter: the answer said public (RFC 9111 §3.5)
      expect(cacheWith().decide(200, publicAnswer(), { authorization: 'Bearer abc' }).store).toBe(true);
    });

    /** [reason, what differs, status, response headers, request headers] */
    const refusals: [string, string, number, HeaderMap, IncomingHttpHeaders][] = [
      ['status', '304', 304, publicAnswer(), {}],
      ['status', '206', 206, publicAnswer(), {}],
      ['status', '404', 404, publicAnswer(), {}],
      [
        'request-no-store',
        'request Cache-Control: no-store',
        200,
        publicAnswer(),
        { 'cache-control': 'no-store' },
      ],
      ['cache-control', 'no Cache-Control', 200, publicAnswer({ 'cache-control': undefined }), {}],
      ['cache-control', 'no-store', 200, publicAnswer({ 'cache-control': 'no-store' }), {}],
      ['cache-control', 'max-age without public', 200, publicAnswer({ 'cache-control': 'max-age=60' }), {}],
      ['cache-control', 'public without max-age', 200, publicAnswer({ 'cache-control': 'public' }), {}],
      ['cache-control', 'max-age=0', 200, publicAnswer({ 'cache-control': 'public, max-age=0' }), {}],
      [
        'cache-control',
        'max-age not a number',
        200,
        publicAnswer({ 'cache-control': 'public, max-age=soon' }),
        {},
      ],
      [
        'cache-control',
        'public with no-store',
        200,
        publicAnswer({ 'cache-control': 'public, max-age=60, no-store' }),
        {},
      ],
      [
        'cache-control',
        'public with private',
        200,
        publicAnswer({ 'cache-control': 'public, private, max-age=60' }),
        {},
      ],
      [
        'cache-control',
        'public with no-cache',
        200,
        publicAnswer({ 'cache-control': 'public, max-age=60, no-cache' }),
        {},
      ],
      [
        'cache-control',
        'no-cache="field"',
        200,
        publicAnswer({ 'cache-control': 'public, max-age=60, no-cache="x"' }),
        {},
      ],
      [
        'cache-control',
        's-maxage=0',
        200,
        publicAnswer({ 'cache-control': 'public, max-age=60, s-maxage=0' }),
        {},
      ],
      ['set-cookie', 'Set-Cookie', 200, publicAnswer({ 'set-cookie': ['session=1; HttpOnly'] }), {}],
      ['vary', 'Vary: *', 200, publicAnswer({ vary: '*' }), {}],
      ['vary', 'Vary: Cookie', 200, publicAnswer({ vary: 'Cookie' }), {}],
      ['vary', 'Vary: Accept-Language, Origin', 200, publicAnswer({ vary: 'Accept-Language, Origin' }), {}],
      ['vary', 'two Vary headers', 200, publicAnswer({ vary: ['Accept-Language', 'Authorization'] }), {}],
      ['etag', 'no ETag', 200, publicAnswer({ etag: undefined }), {}],
      ['content-encoding', 'gzip', 200, publicAnswer({ 'content-encoding': 'gzip' }), {}],
      ['event-stream', 'text/event-stream', 200, publicAnswer({ 'content-type': 'text/event-stream' }), {}],
      [
        'too-large',
        'Content-Length over the entry limit',
        200,
        publicAnswer({ 'content-length': '257' }),
        {},
      ],
      ['stale', 'an Age of its whole lifetime', 200, publicAnswer({ age: '10' }), {}],
    ];
    it.each(refusals)('refuses (%s): %s', (reason, _what, status, headers, request) => {
      expect(cacheWith().decide(status, headers, request)).toEqual({ store: false, reason });
    });

    it('reads Cache-Control directives with values, quotes and case', () => {
      expect([...cacheDirectives('Public, MAX-AGE="60", no-cache="Set-Cookie"')]).toEqual([
        ['public', ''],
        ['max-age', '60'],
        ['no-cache', 'Set-Cookie'],
      ]);
      expect(cacheDirectives(undefined).size).toBe(0);
    });
  });

  describe('keys', () => {
    it('keys by path and query, and answers every language when the answer did not vary', () => {
      const cache = cacheWith();
      expect(
        put(cache, '/api/v1/services?q=pass', 'catalogue', publicAnswer(), { 'accept-language': 'de' }),
      ).toBe(true);
      expect(cache.lookup('/api/v1/services?q=pass', { 'accept-language': 'en' })?.body.toString()).toBe(
        'catalogue',
      );
      expect(cache.lookup('/api/v1/services?q=pass', {})?.body.toString()).toBe('catalogue');
      expect(cache.lookup('/api/v1/services?q=Pass', {})).toBeUndefined();
      expect(cache.lookup('/api/v1/services', {})).toBeUndefined();
    });

    it('adds the request’s Accept-Language when the answer varied by it (absent is a value of its own)', () => {
      const cache = cacheWith();
      const varied = publicAnswer({ vary: 'Accept-Language' });
      expect(put(cache, '/api/v1/services', 'Dienste', varied, { 'accept-language': 'de' })).toBe(true);
      expect(
        put(cache, '/api/v1/services', 'services', { ...varied, etag: '"en"' }, { 'accept-language': 'en' }),
      ).toBe(true);
      expect(cache.lookup('/api/v1/services', { 'accept-language': 'de' })?.body.toString()).toBe('Dienste');
      expect(cache.lookup('/api/v1/services', { 'accept-language': 'en' })).toMatchObject({ etag: '"en"' });
      expect(cache.lookup('/api/v1/services', { 'accept-language': 'fr' })).toBeUndefined();
      expect(cache.lookup('/api/v1/services', {})).toBeUndefined();
      expect(cache.lookup('/api/v1/services', { 'accept-language': '' })).toBeUndefined();
      expect(cache.size.entries).toBe(2);
    });

    it('replaces the entry of a URL whose answer now varies', () => {
      const cache = cacheWith();
      expect(put(cache, '/api/v1/locations', 'old')).toBe(true);
      expect(put(cache, '/api/v1/locations', 'neu', publicAnswer({ vary: 'Accept-Language' }), {})).toBe(
        true,
      );
      expect(cache.lookup('/api/v1/locations', { 'accept-language': 'de' })).toBeUndefined();
      expect(cache.lookup('/api/v1/locations', {})?.body.toString()).toBe('neu');
      expect(cache.size).toEqual({ entries: 1, bytes: 3 });
    });
  });

  describe('what a hit gives', () => {
    it('keeps the headers as the client got them, without the per-response ones, and counts Age in whole seconds', () => {
      const cache = cacheWith();
      const headers = publicAnswer({
        vary: 'Accept-Language',
        date: 'Mon, 07 Dec 2026 10:00:00 GMT',
        'x-request-id': 'first-request',
        'content-length': '9',
        'content-language': 'de',
      });
      expect(put(cache, '/api/v1/transparency', 'figures!!', headers)).toBe(true);
      now += 2_999;
      const hit = cache.lookup('/api/v1/transparency', {});
      expect(hit?.headers).toEqual({
        etag: '"catalogue-v1"',
        'cache-control': 'public, max-age=60',
        'content-type': 'application/json; charset=utf-8',
        vary: 'Accept-Language',
        'content-language': 'de',
      });
      expect(hit?.age).toBe(2);
      expect(hit?.etag).toBe('"catalogue-v1"');
    });

    it('counts an Age the service sent, and keeps the answer only for what is left of its lifetime', () => {
      const cache = cacheWith();
      expect(put(cache, '/api/v1/locations', 'offices', publicAnswer({ age: '4' }))).toBe(true);
      expect(cache.lookup('/api/v1/locations', {})?.age).toBe(4);
      now += 5_999;
      expect(cache.lookup('/api/v1/locations', {})?.age).toBe(9);
      now += 1;
      expect(cache.lookup('/api/v1/locations', {})).toBeUndefined();
    });
  });

  describe('expiry', () => {
    it('forgets an answer after PUBLIC_CACHE_SECONDS when its max-age is longer', () => {
      const cache = cacheWith({ seconds: 10 });
      expect(put(cache, '/api/v1/services', 'catalogue')).toBe(true);
      now += 9_999;
      expect(cache.lookup('/api/v1/services', {})).toBeDefined();
      now += 1;
      expect(cache.lookup('/api/v1/services', {})).toBeUndefined();
      expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    });

    it('forgets an answer after its max-age when that is shorter', () => {
      const cache = cacheWith({ seconds: 10 });
      expect(
        put(cache, '/api/v1/services', 'catalogue', publicAnswer({ 'cache-control': 'public, max-age=2' })),
      ).toBe(true);
      now += 1_999;
      expect(cache.lookup('/api/v1/services', {})).toBeDefined();
      now += 1;
      expect(cache.lookup('/api/v1/services', {})).toBeUndefined();
    });
  });

  describe('size', () => {
    it('evicts the least recently used entries when the bodies pass PUBLIC_CACHE_BYTES', () => {
      const cache = cacheWith({ maxBytes: 100, entryBytes: 100 });
      const body = 'x'.repeat(40);
      expect(put(cache, '/a', body)).toBe(true);
      expect(put(cache, '/b', body)).toBe(true);
      expect(cache.lookup('/a', {})).toBeDefined(); // /a is now the most recently used
      expect(put(cache, '/c', body)).toBe(true);
      expect(cache.lookup('/b', {})).toBeUndefined();
      expect(cache.lookup('/a', {})).toBeDefined();
      expect(cache.lookup('/c', {})).toBeDefined();
      expect(cache.size).toEqual({ entries: 2, bytes: 80 });
      // storing a URL again replaces its entry and its bytes
      expect(put(cache, '/c', 'short')).toBe(true);
      expect(cache.size).toEqual({ entries: 2, bytes: 45 });
    });

    it(`keeps at most ${MAX_ENTRIES} entries, however small, the least recently used going first`, () => {
      const cache = cacheWith({ maxBytes: 1024 ** 3 });
      for (let i = 0; i <= MAX_ENTRIES; i++) put(cache, `/tiny?${i}`, 'x');
      expect(cache.size).toEqual({ entries: MAX_ENTRIES, bytes: MAX_ENTRIES });
      expect(cache.lookup('/tiny?0', {})).toBeUndefined();
      expect(cache.lookup(`/tiny?${MAX_ENTRIES}`, {})).toBeDefined();
    });

    it('keeps no body over PUBLIC_CACHE_ENTRY_BYTES (nor over the whole cache), nor one short of its length', () => {
      const cache = cacheWith({ maxBytes: 1024, entryBytes: 256 });
      expect(cache.entryLimit).toBe(256);
      expect(put(cache, '/big', 'x'.repeat(257))).toBe(false);
      expect(put(cache, '/fits', 'x'.repeat(256))).toBe(true);
      expect(cacheWith({ maxBytes: 100, entryBytes: 256 }).entryLimit).toBe(100);

      const declared = publicAnswer({ 'content-length': '10' });
      const decision = cache.decide(200, declared, {});
      if (!decision.store) throw new Error('should be storable');
      expect(cache.store('/cut', {}, decision.plan, declared, Buffer.from('12345'), cache.generation)).toBe(
        false,
      );
      expect(cache.lookup('/cut', {})).toBeUndefined();
    });
  });

  describe('clear() and switching off', () => {
    it('forgets everything, and does not store an answer fetched before the clear', () => {
      const cache = cacheWith();
      expect(put(cache, '/api/v1/services', 'catalogue')).toBe(true);
      expect(put(cache, '/api/v1/locations', 'offices')).toBe(true);
      const decision = cache.decide(200, publicAnswer(), {});
      if (!decision.store) throw new Error('should be storable');
      const before = cache.generation;

      cache.clear();
      expect(cache.lookup('/api/v1/services', {})).toBeUndefined();
      expect(cache.lookup('/api/v1/locations', {})).toBeUndefined();
      expect(cache.size).toEqual({ entries: 0, bytes: 0 });
      // an answer that was on its way during the clear may show the old state
      expect(
        cache.store('/api/v1/forms', {}, decision.plan, publicAnswer(), Buffer.from('old'), before),
      ).toBe(false);
      expect(
        cache.store('/api/v1/forms', {}, decision.plan, publicAnswer(), Buffer.from('new'), cache.generation),
      ).toBe(true);
    });

    it('keeps nothing with PUBLIC_CACHE_SECONDS=0', () => {
      const cache = cacheWith({ seconds: 0 });
      expect(cache.enabled).toBe(false);
      expect(put(cache, '/api/v1/services', 'catalogue')).toBe(false);
      expect(cache.lookup('/api/v1/services', {})).toBeUndefined();
    });
  });
});
