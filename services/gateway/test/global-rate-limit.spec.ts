// RATE_LIMIT_GLOBAL: every request under /api counts per client address, in Redis, so that all gateway
// replicas share one window per client.
import { ALL_SERVICES, type ServiceName } from '@buergeramt/contracts';
import { Redis } from 'ioredis';
import { REDIS_URL, redisPrefix, type RunningGateway, startGateway } from './gateway-harness';
import { startUpstreams, type Upstream } from './upstream';

const GLOBAL_LIMIT = 4;

describe('gateway global rate limit (RATE_LIMIT_GLOBAL)', () => {
  let upstreams: Record<ServiceName, Upstream>;
  /** two replicas sharing Redis and the key prefix */
  let first: RunningGateway;
  let second: RunningGateway;
  const redis = redisPrefix();

  beforeAll(async () => {
    upstreams = await startUpstreams();
    const env = {
      ...Object.fromEntries(ALL_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, upstreams[s].url])),
      REDIS_URL,
      RATE_LIMIT_PREFIX: redis.prefix,
      RATE_LIMIT_GLOBAL: String(GLOBAL_LIMIT),
      // the other limits stay out of the way
      RATE_LIMIT_AUTH: '0',
      RATE_LIMIT_BOOKING: '0',
      TRUST_PROXY: 'true',
      CITIZEN_DIST: '/nonexistent/citizen',
      BACKOFFICE_DIST: '/nonexistent/backoffice',
    };
    [first, second] = await Promise.all([startGateway(env), startGateway(env)]);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.stop()));
    await redis.cleanUp();
  });

  const from = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip });
  const locationsSeen = (): number =>
    Object.values(upstreams).reduce(
      (n, u) => n + u.seen.filter((r) => r.url.startsWith('/locations')).length,
      0,
    );

  it('answers 429 problem+json with Retry-After after RATE_LIMIT_GLOBAL requests, counted across replicas', async () => {
    const me = from('203.0.113.10');
    const seenBefore = locationsSeen();
    for (let i = 0; i < GLOBAL_LIMIT; i++) {
      // alternate between the replicas: they count in the same window
      const gateway = i % 2 === 0 ? first : second;
      const ok = await fetch(`${gateway.url}/api/v1/locations`, { headers: me });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe(String(GLOBAL_LIMIT));
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(GLOBAL_LIMIT - 1 - i));
      await ok.arrayBuffer();
    }

    const limited = await fetch(`${first.url}/api/v1/locations?page=2`, { headers: me });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({
      type: 'too-many-requests',
      status: 429,
      title: expect.any(String) as unknown,
      instance: '/api/v1/locations',
    });
    // refused at the gateway: the service saw only the allowed requests
    expect(locationsSeen() - seenBefore).toBe(GLOBAL_LIMIT);

    // the other replica refuses too, on any API route: the window is global, not per route
    const elsewhere = await fetch(`${second.url}/api/v1/applications`, { headers: me });
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.headers.get('retry-after')).not.toBeNull();
    await elsewhere.arrayBuffer();

    // probes are not limited
    expect((await fetch(`${first.url}/health/live`, { headers: me })).status).toBe(200);
  });

  it('counts per client address: another client is not affected', async () => {
    const noisy = from('203.0.113.20');
    for (let i = 0; i <= GLOBAL_LIMIT; i++)
      await (await fetch(`${first.url}/api/v1/locations`, { headers: noisy })).arrayBuffer();
    expect((await fetch(`${second.url}/api/v1/locations`, { headers: noisy })).status).toBe(429);

    const quiet = await fetch(`${second.url}/api/v1/locations`, { headers: from('203.0.113.21') });
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get('x-ratelimit-remaining')).toBe(String(GLOBAL_LIMIT - 1));
  });

  it('counts IPv6 clients by their /64', async () => {
    for (let i = 1; i <= GLOBAL_LIMIT; i++) {
      const ok = await fetch(`${first.url}/api/v1/locations`, { headers: from(`2001:db8:aa:bb::${i}`) });
      expect(ok.status).toBe(200);
      await ok.arrayBuffer();
    }
    const sameNetwork = await fetch(`${second.url}/api/v1/locations`, {
      headers: from('2001:db8:aa:bb:ffff::1'),
    });
    expect(sameNetwork.status).toBe(429);
    const otherNetwork = await fetch(`${second.url}/api/v1/locations`, {
      headers: from('2001:db8:aa:cc::1'),
    });
    expect(otherNetwork.status).toBe(200);
  });

  it('keeps the window in Redis under the shared prefix, expiring within a minute', async () => {
    const connection = new Redis(REDIS_URL);
    try {
      const key = `${redis.prefix}global:203.0.113.10`;
      expect(Number(await connection.get(key))).toBeGreaterThanOrEqual(GLOBAL_LIMIT + 1);
      const ttl = await connection.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      connection.disconnect();
    }
  });
});
