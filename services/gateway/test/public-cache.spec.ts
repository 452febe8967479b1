import { request as httpRequest } from 'node:http';
import { TestTokenIssuer } from '@buergeramt/testing';
import { ALL_SERVICES, type ServiceName } from '@buergeramt/contracts';
import { CONTENT_SECURITY_POLICY } from '../src/security/security-headers';
import { REDIS_URL, redisPrefix, type RunningGateway, startGateway } from './gateway-harness';
import { startUpstreams, type Upstream } from './upstream';

/** The public read of the test upstream (applications), as the service sees it and as the public calls it. */
const CATALOGUE = '/services/cached';
const publicPath = (servicePath: string): string => `/api/v1${servicePath}`;

interface Catalogue {
  version: number;
  items: { slug: string; name: string }[];
  padding: string;
}

describe('public reads kept by the gateway (PUBLIC_CACHE_SECONDS)', () => {
  let upstreams: Record<ServiceName, Upstream>;
  let applications: Upstream;
  let issuer: TestTokenIssuer;
  /** the default lifetime (2 s), entries up to 4 KB */
  let gateway: RunningGateway;
  /** PUBLIC_CACHE_SECONDS=1 */
  let shortLived: RunningGateway;
  /** PUBLIC_CACHE_SECONDS=0: no cache */
  let uncached: RunningGateway;
  const redis = redisPrefix();

  beforeAll(async () => {
    issuer = await new TestTokenIssuer().start();
    upstreams = await startUpstreams();
    applications = upstreams.applications;
    const env = {
      ...Object.fromEntries(ALL_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, upstreams[s].url])),
      ...issuer.env(),
      REDIS_URL,
      RATE_LIMIT_PREFIX: redis.prefix,
      CITIZEN_DIST: '/nonexistent/citizen',
      BACKOFFICE_DIST: '/nonexistent/backoffice',
    };
    gateway = await startGateway({ ...env, PUBLIC_CACHE_ENTRY_BYTES: '4kb' });
    shortLived = await startGateway({ ...env, PUBLIC_CACHE_SECONDS: '1' });
    uncached = await startGateway({ ...env, PUBLIC_CACHE_SECONDS: '0' });
  });

  afterAll(async () => {
    await gateway?.close();
    await shortLived?.close();
    await uncached?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.stop()));
    await redis.cleanUp();
    await issuer?.stop();
  });

  /**
   * A GET with exactly these headers (node:http: `fetch` adds `Cache-Control: no-cache` to a request with
   * `If-None-Match`, which a browser revalidating from its own cache does not), as a fetch `Response`.
   */
  const get = (on: RunningGateway, servicePath: string, headers: Record<string, string> = {}) =>
    new Promise<Response>((resolve, reject) => {
      const request = httpRequest(`${on.url}${publicPath(servicePath)}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) answer.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = res.statusCode ?? 0;
          const body = status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: answer }));
        });
      });
      request.on('error', reject);
      request.end();
    });

  it('answers a repeated public read itself: same body and ETag, an Age, and the gateway’s own headers', async () => {
    const path = `${CATALOGUE}?case=repeat`;
    const first = await get(gateway, path, { 'x-request-id': 'first-request' });
    expect(first.status).toBe(200);
    const body = await first.text();
    expect(first.headers.get('age')).toBeNull();

    const second = await get(gateway, path, { 'x-request-id': 'second-request' });
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(body);
    expect(applications.countOf(path)).toBe(1);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('cache-control')).toBe('public, max-age=60');
    expect(second.headers.get('vary')).toBe(first.headers.get('vary'));
    expect(second.headers.get('content-type')).toBe('application/json');
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    // its own request id, and the gateway's security headers as on every answer
    expect(second.headers.get('x-request-id')).toBe('second-request');
    expect(second.headers.get('x-frame-options')).toBe('DENY');
    expect(second.headers.get('x-content-type-options')).toBe('nosniff');
    expect(second.headers.get('referrer-policy')).toBe('no-referrer');
    expect(second.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(second.headers.get('permissions-policy')).toBeTruthy();
  });

  it('asks the service again on a hard reload (Cache-Control: no-cache), and keeps its answer', async () => {
    const path = `${CATALOGUE}?case=reload`;
    await get(gateway, path);
    await get(gateway, path);
    expect(applications.countOf(path)).toBe(1);
    const reloaded = await get(gateway, path, { 'cache-control': 'no-cache' });
    expect(reloaded.status).toBe(200);
    expect(reloaded.headers.get('age')).toBeNull();
    const old = await get(gateway, path, { pragma: 'no-cache' });
    expect(old.status).toBe(200);
    expect(applications.countOf(path)).toBe(3);
    expect((await get(gateway, path)).headers.get('age')).toMatch(/^\d+$/);
    expect(applications.countOf(path)).toBe(3);
  });

  it('answers If-None-Match naming the kept ETag with 304 from the cache', async () => {
    const path = `${CATALOGUE}?case=revalidate`;
    const first = await get(gateway, path);
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();

    const notModified = await get(gateway, path, { 'if-none-match': `"other", ${etag}` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe('public, max-age=60');
    expect(notModified.headers.get('vary')).toContain('Accept-Language');
    expect(notModified.headers.get('age')).toMatch(/^\d+$/);
    expect(notModified.headers.get('content-type')).toBeNull();
    expect(notModified.headers.get('x-request-id')).toBeTruthy();

    // an ETag the client has that is not the kept one: the whole answer, also from the cache
    const changed = await get(gateway, path, { 'if-none-match': '"catalogue-v0"' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe(etag);
    await changed.arrayBuffer();
    expect(applications.countOf(path)).toBe(1);
  });

  it('keeps one answer per Accept-Language when the answer varied by it', async () => {
    const path = `${CATALOGUE}?case=languages`;
    const german = (await (await get(gateway, path, { 'accept-language': 'de' })).json()) as Catalogue;
    const english = await get(gateway, path, { 'accept-language': 'en' });
    expect(english.headers.get('etag')).toBe('"catalogue-v1-en"');
    expect(((await english.json()) as Catalogue).items[0]?.name).toBe('Identity card');
    expect(german.items[0]?.name).toBe('Personalausweis');
    expect(applications.countOf(path)).toBe(2);

    for (const [language, name] of [
      ['de', 'Personalausweis'],
      ['en', 'Identity card'],
    ]) {
      const again = await get(gateway, path, { 'accept-language': language ?? '' });
      expect(again.headers.get('age')).not.toBeNull();
      expect(((await again.json()) as Catalogue).items[0]?.name).toBe(name);
    }
    expect(applications.countOf(path)).toBe(2);
  });

  it('asks the service again once PUBLIC_CACHE_SECONDS have passed', async () => {
    const path = `${CATALOGUE}?case=expiry`;
    await (await get(shortLived, path)).arrayBuffer();
    const kept = await get(shortLived, path);
    expect(kept.headers.get('age')).not.toBeNull();
    await kept.arrayBuffer();
    expect(applications.countOf(path)).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const fresh = await get(shortLived, path);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('age')).toBeNull();
    await fresh.arrayBuffer();
    expect(applications.countOf(path)).toBe(2);
  });

  it('forgets everything after an admin’s successful change, not after a refused one or a read', async () => {
    const path = `${CATALOGUE}?case=admin`;
    const version = async (): Promise<number> =>
      ((await (await get(gateway, path)).json()) as Catalogue).version;
    const admin = (method: string, servicePath: string): Promise<Response> =>
      fetch(`${gateway.url}${publicPath(servicePath)}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : JSON.stringify({ name: 'Reisepass' }),
      });
    try {
      expect(await version()).toBe(1);
      applications.catalogueVersion = 2; // an admin changes the catalogue (or another gateway replica did)
      expect(await version()).toBe(1); // still the kept answer
      expect(applications.countOf(path)).toBe(1);

      expect((await admin('POST', '/admin/services/conflict')).status).toBe(409);
      expect((await admin('GET', '/admin/services')).status).toBe(200);
      expect((await admin('POST', '/services/feedback')).status).toBe(200); // not below /admin/
      expect(await version()).toBe(1);
      expect(applications.countOf(path)).toBe(1);

      expect((await admin('PATCH', '/admin/services/reisepass')).status).toBe(200);
      expect(await version()).toBe(2);
      expect(applications.countOf(path)).toBe(2);

      // a change in another service's admin area (offices) empties it too
      expect((await admin('DELETE', '/admin/locations/1/closures/2')).status).toBe(200);
      expect(await version()).toBe(2);
      expect(applications.countOf(path)).toBe(3);
    } finally {
      applications.catalogueVersion = 1;
    }
  });

  it('never answers from the cache what the service marked no-store, nor HEAD requests', async () => {
    const path = '/locations?case=no-store';
    for (let i = 0; i < 2; i++) {
      const response = await get(gateway, path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('age')).toBeNull();
      await response.arrayBuffer();
    }
    expect(upstreams.appointments.countOf(path)).toBe(2);

    const kept = `${CATALOGUE}?case=head`;
    await (await get(gateway, kept)).arrayBuffer();
    const head = await fetch(`${gateway.url}${publicPath(kept)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('age')).toBeNull();
    expect(applications.countOf(kept)).toBe(2);
  });

  it('checks a bearer token before the cache: a forged one gets 401, a valid one the kept answer', async () => {
    const path = `${CATALOGUE}?case=tokens`;
    await (await get(gateway, path)).arrayBuffer();
    const forger = await new TestTokenIssuer().start();
    try {
      const forged = await get(gateway, path, { authorization: `Bearer ${forger.userToken('user-1')}` });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(forged.headers.get('etag')).toBeNull();
    } finally {
      await forger.stop();
    }
    const signedIn = await get(gateway, path, { authorization: `Bearer ${issuer.userToken('user-1')}` });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('age')).not.toBeNull();
    await signedIn.arrayBuffer();
    expect(applications.countOf(path)).toBe(1);
  });

  it('buffers only up to PUBLIC_CACHE_ENTRY_BYTES: larger answers stream through whole and unkept', async () => {
    // without Content-Length: read up to the limit, then passed on as a stream
    const chunkedBig = `${CATALOGUE}?case=big&chunked=1&pad=20000`;
    // with a Content-Length over the limit: streamed from the start
    const declaredBig = `${CATALOGUE}?case=big&pad=20000`;
    for (const path of [chunkedBig, declaredBig]) {
      for (let i = 0; i < 2; i++) {
        const response = await get(gateway, path);
        expect(response.status).toBe(200);
        expect(response.headers.get('age')).toBeNull();
        expect(((await response.json()) as Catalogue).padding).toHaveLength(20_000);
      }
      expect(applications.countOf(path)).toBe(2);
    }

    // a small answer without Content-Length is kept
    const chunkedSmall = `${CATALOGUE}?case=small&chunked=1&pad=100`;
    const first = await (await get(gateway, chunkedSmall)).text();
    const again = await get(gateway, chunkedSmall);
    expect(await again.text()).toBe(first);
    expect(again.headers.get('content-length')).toBe(String(Buffer.byteLength(first)));
    expect(applications.countOf(chunkedSmall)).toBe(1);
  });

  it('counts hits, misses, stored answers and 304s in /metrics', async () => {
    const metrics = await (await fetch(`${gateway.metricsUrl}/metrics`)).text();
    for (const result of ['hit', 'miss', 'stored', 'revalidated']) {
      expect(metrics).toMatch(
        new RegExp(`gateway_public_cache_requests_total\\{[^}]*result="${result}"[^}]*\\} [1-9]`),
      );
    }
  });

  it('sends every request to the service with PUBLIC_CACHE_SECONDS=0', async () => {
    const path = `${CATALOGUE}?case=off`;
    const first = await get(uncached, path);
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const second = await get(uncached, path);
    expect(second.headers.get('age')).toBeNull();
    await second.arrayBuffer();
    // the service's own 304
    const notModified = await get(uncached, path, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(applications.countOf(path)).toBe(3);
    expect(applications.seen.at(-1)?.headers['if-none-match']).toBe(etag);
  });
});
