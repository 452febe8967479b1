import { chunkReclaimer } from '@buergeramt/platform';
import { TestTokenIssuer, waitFor } from '@buergeramt/testing';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ALL_SERVICES, type ServiceName } from '@buergeramt/contracts';
import { Redis } from 'ioredis';
import { CONTENT_SECURITY_POLICY } from '../src/security/security-headers';
import { fakeDist, REDIS_URL, redisPrefix, type RunningGateway, startGateway } from './gateway-harness';
import { closedPort, startUpstreams, type Upstream } from './upstream';

const PARTNER = 'https://partner.example';
const RATE_LIMIT_AUTH = 5;

/** Client addresses (via X-Forwarded-For, trusted by TRUST_PROXY) give each test its own rate-limit windows. */
let nextClient = 1;
/** The main gateway under test (set in beforeAll). */
let gatewayUrl = '';
const client = (): { 'x-forwarded-for': string } => ({ 'x-forwarded-for': `198.51.100.${nextClient++}` });

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

/** A request exactly as written (fetch would normalise `..` and refuse hop-by-hop headers). */
function raw(base: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = httpRequest({ hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          bytes: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function expectProblem(
  response: Response,
  status: number,
  type: string,
): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type, status });
  expect(typeof body.title).toBe('string');
  return body;
}

/**
 * Streams a multipart upload of `size` random bytes to POST /api/v1/documents, generated on the fly and
 * written with backpressure (node:http: fetch keeps what it sent of a stream body, which would blur the
 * memory measurement), calling `halfway` when half of it is sent; returns what the service saw.
 */
function upload(
  size: number,
  halfway?: () => Promise<void>,
): Promise<{ status: number; size: number; sha256: string; sent: number; expected: string }> {
  const boundary = 'gateway-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  const { hostname, port } = new URL(gatewayUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        path: '/api/v1/documents',
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...client() },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const seen = JSON.parse(Buffer.concat(chunks).toString()) as { size: number; sha256: string };
          resolve({
            status: res.statusCode ?? 0,
            ...seen,
            sent: head.length + size + tail.length,
            expected: hash.digest('hex'),
          });
        });
      },
    );
    req.on('error', reject);
    const write = async (chunk: Buffer): Promise<void> => {
      hash.update(chunk);
      if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve));
    };
    const send = async (): Promise<void> => {
      await write(head);
      for (let sent = 0; sent < size; sent += 64 * 1024) {
        if (sent === size / 2) await halfway?.();
        await write(randomBytes(64 * 1024));
      }
      await write(tail);
      req.end();
    };
    send().catch((error: unknown) => {
      req.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

describe('gateway', () => {
  let upstreams: Record<ServiceName, Upstream>;
  let gateway: RunningGateway;
  /** Second instance: no TRUST_PROXY, notifications down, Redis unreachable. */
  let degraded: RunningGateway;
  const redis = redisPrefix();
  let dist: Awaited<ReturnType<typeof fakeDist>>;
  let issuer: TestTokenIssuer;

  beforeAll(async () => {
    issuer = await new TestTokenIssuer().start();
    upstreams = await startUpstreams();
    dist = await fakeDist();
    const urls = Object.fromEntries(ALL_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, upstreams[s].url]));
    gateway = await startGateway({
      ...urls,
      ...issuer.env(),
      REDIS_URL,
      RATE_LIMIT_PREFIX: redis.prefix,
      RATE_LIMIT_AUTH: String(RATE_LIMIT_AUTH),
      RATE_LIMIT_BOOKING: '2',
      TRUST_PROXY: 'true',
      CORS_ORIGINS: PARTNER,
      UPSTREAM_TIMEOUT_MS: '500',
      CITIZEN_DIST: dist.dir,
      BACKOFFICE_DIST: `${dist.dir}/does-not-exist`,
    });
    gatewayUrl = gateway.url;
    degraded = await startGateway({
      ...urls,
      NOTIFICATIONS_URL: `http://127.0.0.1:${await closedPort()}`,
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
      RATE_LIMIT_AUTH: '1',
      CITIZEN_DIST: `${dist.dir}/does-not-exist`,
      BACKOFFICE_DIST: `${dist.dir}/does-not-exist`,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await degraded?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.stop()));
    await dist?.remove();
    await redis.cleanUp();
    await issuer?.stop();
  });

  describe('access tokens (defence in depth)', () => {
    const seenWith = (token: string) =>
      upstreams.identity.seen.filter((r) => r.headers.authorization === `Bearer ${token}`).length;

    it('passes a request with a valid token on, token included', async () => {
      const token = issuer.userToken('user-1');
      const response = await fetch(`${gateway.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${token}`, ...client() },
      });
      expect(response.status).toBe(200);
      expect(seenWith(token)).toBe(1);
    });

    it('refuses a forged or expired token with 401 problem+json before any service sees it', async () => {
      const forger = await new TestTokenIssuer().start();
      try {
        for (const token of [
          forger.userToken('user-1', ['admin']),
          issuer.sign({ sub: 'user-1', typ: 'user' }, -60),
        ]) {
          const response = await fetch(`${gateway.url}/api/v1/me`, {
            headers: { authorization: `Bearer ${token}`, ...client() },
          });
          await expectProblem(response, 401, 'unauthorized');
          expect(seenWith(token)).toBe(0);
        }
      } finally {
        await forger.stop();
      }
    });

    it('leaves requests without a bearer token to the service', async () => {
      const response = await fetch(`${gateway.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { authorization: 'Basic Y2xpZW50OnNlY3JldA==', ...client() },
      });
      expect(response.status).toBe(200);
    });
  });

  describe('routing', () => {
    it('forwards to the service owning the prefix, without /api/v1, with path and query intact', async () => {
      const response = await fetch(`${gateway.url}/api/v1/auth/login?next=%2Fme&x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...client() },
        body: JSON.stringify({ email: 'a@example.org' }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { service: string; url: string; method: string };
      expect(body).toMatchObject({ service: 'identity', method: 'POST', url: '/auth/login?next=%2Fme&x=1' });
    });

    it('lets the longest prefix win', async () => {
      const stats = (await (await fetch(`${gateway.url}/api/v1/stats/appointments/daily`)).json()) as {
        service: string;
      };
      expect(stats.service).toBe('appointments');
      const admin = (await (await fetch(`${gateway.url}/api/v1/admin/notifications/deliveries`)).json()) as {
        service: string;
      };
      expect(admin.service).toBe('notifications');
      const users = (await (await fetch(`${gateway.url}/api/v1/admin/users/42`)).json()) as {
        service: string;
      };
      expect(users.service).toBe('identity');
    });

    it('answers 404 problem+json for unknown API paths and anything not served', async () => {
      await expectProblem(await fetch(`${gateway.url}/api/v1/nothing-here`), 404, 'not-found');
      await expectProblem(await fetch(`${gateway.url}/api/v1/authority`), 404, 'not-found');
      await expectProblem(await fetch(`${gateway.url}/api/v2/auth/login`), 404, 'not-found');
      await expectProblem(await fetch(`${gateway.url}/nothing`, { method: 'POST' }), 404, 'not-found');
    });

    it('refuses dot segments instead of letting a service resolve them', async () => {
      const response = await raw(gateway.url, '/api/v1/auth/%2e%2e/admin/users');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    });
  });

  describe('headers to and from services', () => {
    it('passes a sane X-Request-Id on to the service and echoes it', async () => {
      const response = await fetch(`${gateway.url}/api/v1/locations`, {
        headers: { 'x-request-id': 'abc.DEF_1-2' },
      });
      expect(response.headers.get('x-request-id')).toBe('abc.DEF_1-2');
      const body = (await response.json()) as { headers: Record<string, string> };
      expect(body.headers['x-request-id']).toBe('abc.DEF_1-2');
    });

    it('replaces an insane X-Request-Id with a generated UUID, also sent to the service', async () => {
      const response = await fetch(`${gateway.url}/api/v1/locations`, {
        headers: { 'x-request-id': 'no spaces <allowed>' },
      });
      const id = response.headers.get('x-request-id') ?? '';
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const body = (await response.json()) as { headers: Record<string, string> };
      expect(body.headers['x-request-id']).toBe(id);
    });

    it('sets X-Forwarded-* from what the gateway saw and drops hop-by-hop headers both ways', async () => {
      const response = await raw(gateway.url, '/api/v1/locations', {
        connection: 'keep-alive, x-hop',
        'x-hop': 'secret',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic abc',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'buergeramt.example',
        forwarded: 'for=1.2.3.4',
      });
      expect(response.status).toBe(200);
      const { headers } = JSON.parse(response.body) as { headers: Record<string, string> };
      expect(headers['x-forwarded-for']).toBe('203.0.113.9');
      expect(headers['x-forwarded-proto']).toBe('https');
      expect(headers['x-forwarded-host']).toBe('buergeramt.example');
      expect(headers['x-hop']).toBeUndefined();
      expect(headers['proxy-authorization']).toBeUndefined();
      expect(headers.forwarded).toBeUndefined();
      expect(response.headers['keep-alive']).not.toBe('timeout=5');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    });

    it('passes ETags, Cache-Control and 304 answers of public reads through untouched', async () => {
      const url = `${gateway.url}/api/v1/services/cached`;
      const first = await fetch(url, { headers: client() });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toBe('"catalogue-v1"');
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');
      expect(first.headers.get('vary')).toContain('Accept-Language');

      // a URL the gateway has not kept (public-cache.spec.ts has the 304s it answers itself): the service's own
      const again = await fetch(`${url}?revalidate=1`, {
        headers: { 'if-none-match': etag ?? '', ...client() },
      });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=60');
      expect(upstreams.applications.seen.at(-1)?.headers['if-none-match']).toBe(etag);
    });

    it('does not trust X-Forwarded-* without TRUST_PROXY', async () => {
      const response = await raw(degraded.url, '/api/v1/locations', {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
      });
      const { headers } = JSON.parse(response.body) as { headers: Record<string, string> };
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-forwarded-proto']).toBe('http');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    });
  });

  describe('failures of services', () => {
    it('answers 502 problem+json when the service is down', async () => {
      const body = await expectProblem(
        await fetch(`${degraded.url}/api/v1/notifications`),
        502,
        'bad-gateway',
      );
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    });

    it('answers 504 problem+json when the service is too slow', async () => {
      await expectProblem(await fetch(`${gateway.url}/api/v1/appointments/slow`), 504, 'gateway-timeout');
    });

    it('counts the failed upstream calls in /metrics', async () => {
      const metrics = await (await fetch(`${degraded.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /gateway_upstream_errors_total\{[^}]*service="notifications"[^}]*kind="connect"[^}]*\} [1-9]/,
      );
      expect(metrics).toMatch(
        /gateway_requests_total\{[^}]*prefix="\/api\/v1\/notifications"[^}]*status="502"/,
      );
    });
  });

  describe('bodies', () => {
    it('refuses a 2 MB JSON body with 413 problem+json before it reaches the service', async () => {
      const before = upstreams.identity.seen.length;
      const response = await fetch(`${gateway.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...client() },
        body: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
      });
      await expectProblem(response, 413, 'payload-too-large');
      expect(upstreams.identity.seen.length).toBe(before);
    });

    it.each([
      ['a small JSON body', 40 * 1024],
      ['a larger JSON body', 300 * 1024],
    ])('forwards %s intact, with its length and type', async (_what, size) => {
      const body = JSON.stringify({ padding: randomBytes(size / 2).toString('hex'), name: 'Jörg' });
      const response = await fetch(`${gateway.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...client() },
        body,
      });
      expect(response.status).toBe(200);
      const echoed = (await response.json()) as { bodyBytes: number; bodySha256: string; headers: object };
      expect(echoed.bodyBytes).toBe(Buffer.byteLength(body));
      expect(echoed.bodySha256).toBe(createHash('sha256').update(body).digest('hex'));
      expect(echoed.headers).toMatchObject({
        'content-length': String(Buffer.byteLength(body)),
        'content-type': 'application/json; charset=utf-8',
      });
    });

    it('streams a 10 MB upload through intact without holding it in memory', async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      /** Memory this process retains (JS heap and Buffers), after collecting and letting the sweeper finish. */
      const retained = async (): Promise<number> => {
        for (let i = 0; i < 3; i++) {
          gc();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        return heapUsed + arrayBuffers;
      };
      const size = 10 * 1024 * 1024;

      // a first, small upload, so that whatever is set up on first use is in the baseline
      expect((await upload(1024 * 1024)).status).toBe(201);
      const baseline = await retained();
      let grewBy = Number.POSITIVE_INFINITY;

      const result = await upload(size, async () => {
        // Half-way, with the client waiting: the service already has most of it (the gateway does not
        // wait for the whole body), and what this process retains has not grown by what passed through.
        const deadline = Date.now() + 10_000;
        while (upstreams.documents.uploadBytes < size / 2 - 512 * 1024 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(upstreams.documents.uploadBytes).toBeGreaterThanOrEqual(size / 2 - 512 * 1024);
        grewBy = (await retained()) - baseline;
      });
      expect(result.status).toBe(201);
      expect(result.size).toBe(result.sent);
      expect(result.sha256).toBe(result.expected);
      expect(grewBy).toBeLessThan(size / 8);
    });

    it('reports uploads and large downloads to the chunk reclaimer, small answers not', async () => {
      const collections: string[] = [];
      chunkReclaimer.configure(1024 * 1024, (options) => collections.push(options.type));
      try {
        const up = await upload(5 * 1024 * 1024);
        expect(up.sha256).toBe(up.expected);
        // 5 MiB of body (plus the multipart frame) passed: one collection per MiB
        expect(collections).toEqual(Array(5).fill('minor'));

        collections.length = 0;
        upstreams.documents.downloadBytes = 6 * 1024 * 1024;
        const response = await fetch(
          `${gateway.url}/api/v1/documents/0195a000-0000-7000-8000-000000000001/content`,
          {
            headers: client(),
          },
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
        const body = Buffer.from(await response.arrayBuffer());
        expect(body.length).toBe(6 * 1024 * 1024);
        expect(createHash('sha256').update(body).digest('hex')).toBe(upstreams.documents.downloadSha256);
        expect(collections).toHaveLength(6);

        collections.length = 0;
        for (let i = 0; i < 20; i++) {
          expect((await fetch(`${gateway.url}/api/v1/services`, { headers: client() })).status).toBe(200);
        }
        expect(collections).toHaveLength(0);
      } finally {
        chunkReclaimer.configure(0, undefined);
      }
    });

    it('stops an upload over UPLOAD_BODY_LIMIT on the stream with 413', async () => {
      const limit = gateway.config.UPLOAD_BODY_LIMIT;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > limit + 1024 * 1024) {
            controller.close();
            return;
          }
          const chunk = new Uint8Array(256 * 1024);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      // no Content-Length: only counting the stream can catch it
      const response = await fetch(`${gateway.url}/api/v1/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...client() },
        body,
        duplex: 'half',
      });
      await expectProblem(response, 413, 'payload-too-large');
      expect(upstreams.documents.uploadBytes).toBeLessThanOrEqual(limit);
    });

    it('passes a client closing the socket mid-upload on to the service at once, so that it can clean up', async () => {
      const before = upstreams.documents.abortedUploads;
      const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      socket.write(
        'POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          'Content-Type: multipart/form-data; boundary=b\r\n' +
          `Content-Length: ${4 * 1024 * 1024}\r\nX-Forwarded-For: ${client()['x-forwarded-for']}\r\n\r\n`,
      );
      socket.write(randomBytes(512 * 1024));
      await waitFor(() => upstreams.documents.uploadBytes >= 256 * 1024, {
        timeoutMs: 5000,
        intervalMs: 10,
        message: 'the service receives the upload',
      });
      expect(upstreams.documents.abortedUploads).toBe(before);
      socket.destroy();
      const closedAt = Date.now();
      await waitFor(() => upstreams.documents.abortedUploads > before, {
        timeoutMs: 2000,
        intervalMs: 10,
        message: 'the service sees the upload aborted',
      });
      expect(Date.now() - closedAt).toBeLessThan(1000);
    });

    it("passes the service's 408 for a stalled upload on to the client, not a 502 or 504", async () => {
      // documents answers an upload body that pauses for UPLOAD_IDLE_TIMEOUT_MS with 408 (here 200 ms,
      // below this gateway's UPSTREAM_TIMEOUT_MS of 500 ms, as the README asks)
      upstreams.documents.uploadIdleMs = 200;
      const { hostname, port } = new URL(gateway.url);
      try {
        const answer = await new Promise<{ status: number; type: string; body: string }>(
          (resolve, reject) => {
            const req = httpRequest(
              {
                hostname,
                port,
                path: '/api/v1/documents',
                method: 'POST',
                agent: false,
                headers: {
                  'content-type': 'multipart/form-data; boundary=b',
                  'content-length': String(1024 * 1024),
                  ...client(),
                },
              },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () => {
                  resolve({
                    status: res.statusCode ?? 0,
                    type: res.headers['content-type'] ?? '',
                    body: Buffer.concat(chunks).toString(),
                  });
                  req.destroy();
                });
              },
            );
            req.on('error', reject);
            req.write(randomBytes(64 * 1024)); // and then nothing more
          },
        );
        expect(answer.status).toBe(408);
        expect(answer.type).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(answer.body)).toMatchObject({ type: 'request-timeout', status: 408 });
      } finally {
        upstreams.documents.uploadIdleMs = 0;
      }
    });
  });

  describe('security headers', () => {
    it('sets them on API answers, errors and pages', async () => {
      for (const path of ['/api/v1/locations', '/api/v1/nothing-here', '/', '/api/docs-json']) {
        const response = await fetch(`${gateway.url}${path}`);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("base-uri 'self'");
        expect(csp).toContain("img-src 'self' data:");
        expect(csp).toContain("style-src 'self'");
        expect(csp).not.toContain('unsafe-inline');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(response.headers.get('origin-agent-cluster')).toBe('?1');
        expect(response.headers.get('x-dns-prefetch-control')).toBe('off');
        expect(response.headers.get('x-permitted-cross-domain-policies')).toBe('none');
        expect(response.headers.get('x-xss-protection')).toBe('0');
        expect(response.headers.get('permissions-policy')).toContain('camera=()');
        expect(response.headers.get('strict-transport-security')).toBeNull();
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('server')).toBeNull();
        await response.arrayBuffer();
      }
    });

    it('lets the back office alone show blob: previews (frames and images); the citizen app and the API not', async () => {
      for (const path of ['/backoffice/', '/backoffice/vorgaenge/x']) {
        const response = await fetch(`${gateway.url}${path}`);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("frame-src 'self' blob:");
        expect(csp).toContain("img-src 'self' data: blob:");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("script-src 'self';");
        await response.arrayBuffer();
      }
      for (const path of ['/', '/backofficex', '/api/v1/locations']) {
        const response = await fetch(`${gateway.url}${path}`);
        expect(response.headers.get('content-security-policy')).not.toContain('blob:');
        await response.arrayBuffer();
      }
    });

    it("keeps the stricter policy a service sends with its answer (document files); all else gets the app's", async () => {
      const size = upstreams.documents.downloadBytes;
      upstreams.documents.downloadBytes = 1024;
      try {
        const file = await fetch(
          `${gateway.url}/api/v1/documents/0195a000-0000-7000-8000-000000000001/content`,
          { headers: client() },
        );
        expect(file.status).toBe(200);
        expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
        // the gateway's other headers are still there
        expect(file.headers.get('x-content-type-options')).toBe('nosniff');
        expect(file.headers.get('x-frame-options')).toBe('DENY');
        await file.arrayBuffer();
      } finally {
        upstreams.documents.downloadBytes = size;
      }
      // the same service's JSON, the gateway's own problems and the SPA keep the app's policy
      for (const path of ['/api/v1/documents', '/api/v1/nothing-here', '/', '/my/appointments']) {
        const response = await fetch(`${gateway.url}${path}`, { headers: client() });
        expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
        await response.arrayBuffer();
      }
    });

    it('sends HSTS only for requests that came over TLS, as told by a trusted proxy', async () => {
      const https = await fetch(`${gateway.url}/api/v1/locations`, {
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      const http = await fetch(`${gateway.url}/api/v1/locations`, {
        headers: { 'x-forwarded-proto': 'http' },
      });
      expect(http.headers.get('strict-transport-security')).toBeNull();
      // the untrusting instance ignores the header (see "does not trust X-Forwarded-*")
    });
  });

  describe('CORS', () => {
    it("keeps Vary: Origin beside the service's own Vary (Accept-Language)", async () => {
      // the first from the service, the second kept by the gateway (Age)
      for (const kept of [false, true]) {
        const response = await fetch(`${gateway.url}/api/v1/services/cached?case=vary`, {
          headers: { origin: PARTNER, 'accept-language': 'de' },
        });
        expect(response.status).toBe(200);
        expect(response.headers.has('age')).toBe(kept);
        const vary = (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
        expect(vary).toEqual(expect.arrayContaining(['origin', 'accept-language']));
        expect(new Set(vary).size).toBe(vary.length);
        await response.arrayBuffer();
      }
    });

    it('allows the listed origin with credentials', async () => {
      const response = await fetch(`${gateway.url}/api/v1/locations`, { headers: { origin: PARTNER } });
      expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      const preflight = await fetch(`${gateway.url}/api/v1/appointments`, {
        method: 'OPTIONS',
        headers: {
          origin: PARTNER,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(PARTNER);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    });

    it('gives other origins nothing', async () => {
      const response = await fetch(`${gateway.url}/api/v1/locations`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After on the auth routes after RATE_LIMIT_AUTH requests; other routes still work', async () => {
      const me = client();
      for (let i = 0; i < RATE_LIMIT_AUTH; i++) {
        const ok = await fetch(`${gateway.url}/api/v1/auth/refresh`, { method: 'POST', headers: me });
        expect(ok.status).toBe(200);
        await ok.arrayBuffer();
      }
      const limited = await fetch(`${gateway.url}/api/v1/auth/refresh`, { method: 'POST', headers: me });
      await expectProblem(limited, 429, 'too-many-requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);

      const other = await fetch(`${gateway.url}/api/v1/locations`, { headers: me });
      expect(other.status).toBe(200);
      const someoneElse = await fetch(`${gateway.url}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: client(),
      });
      expect(someoneElse.status).toBe(200);
    });

    it('limits bookings (POST /api/v1/appointments) but not reading them', async () => {
      const me = client();
      const book = (): Promise<Response> =>
        fetch(`${gateway.url}/api/v1/appointments`, {
          method: 'POST',
          headers: { ...me, 'content-type': 'application/json' },
          body: '{}',
        });
      expect((await book()).status).toBe(200);
      expect((await book()).status).toBe(200);
      expect((await book()).status).toBe(429);
      expect((await fetch(`${gateway.url}/api/v1/appointments`, { headers: me })).status).toBe(200);
    });

    it('keeps the windows in Redis under the configured prefix', async () => {
      const connection = new Redis(REDIS_URL);
      try {
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, found] = await connection.scan(
            cursor,
            'MATCH',
            `${redis.prefix}auth:*`,
            'COUNT',
            1000,
          );
          cursor = next;
          keys.push(...found);
        } while (cursor !== '0');
        expect(keys.length).toBeGreaterThan(0);
        expect(await connection.pttl(keys[0] ?? '')).toBeGreaterThan(0);
      } finally {
        connection.disconnect();
      }
    });

    it('fails open when Redis is down', async () => {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${degraded.url}/api/v1/auth/refresh`, { method: 'POST' });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
      const metrics = await (await fetch(`${degraded.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(/gateway_rate_limit_store_errors_total\{[^}]*\} [1-9]/);
    });
  });

  describe('OpenAPI', () => {
    it('merges every service document under /api/v1 as OpenAPI 3.1.0', async () => {
      const response = await fetch(`${gateway.url}/api/docs-json`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as {
        openapi: string;
        paths: Record<
          string,
          { get: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> } }
        >;
        components: { schemas: Record<string, { properties: Record<string, { type: unknown }> }> };
        servers: { url: string }[];
        'x-unavailable-services': string[];
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.paths['/api/v1/auth']).toBeDefined();
      expect(doc.paths['/api/v1/locations']).toBeDefined();
      expect(doc.paths['/api/v1/stats/appointments']).toBeDefined();
      expect(doc.paths['/api/v1/health']).toBeDefined();
      expect(Object.keys(doc.paths).some((p) => p.includes('internal-only'))).toBe(false);
      expect(doc['x-unavailable-services']).toEqual([]);
      // clashing component names are prefixed, refs follow; identical ones are shared
      expect(doc.paths['/api/v1/auth']?.get.responses['200']?.content['application/json']?.schema.$ref).toBe(
        '#/components/schemas/identity_Item',
      );
      expect(doc.components.schemas.appointments_Item).toBeDefined();
      expect(doc.components.schemas.Problem).toBeDefined();
      expect(doc.components.schemas.identity_Item?.properties.identityField?.type).toEqual([
        'string',
        'null',
      ]);
      expect(JSON.stringify(doc)).not.toContain('10.0.0.1');
    });

    it('reports a service that is down without failing', async () => {
      const doc = (await (await fetch(`${degraded.url}/api/docs-json`)).json()) as {
        paths: Record<string, unknown>;
        'x-unavailable-services': string[];
      };
      expect(doc['x-unavailable-services']).toEqual(['notifications']);
      expect(doc.paths['/api/v1/auth']).toBeDefined();
      expect(doc.paths['/api/v1/notifications']).toBeUndefined();
    });

    it('renders Swagger UI from the gateway itself, with no external URL and no inline script', async () => {
      const response = await fetch(`${gateway.url}/api/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('swagger-ui');
      expect(html).not.toMatch(/https?:\/\/|src="\/\/|href="\/\//);
      expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");

      const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
      const links = [...html.matchAll(/<link [^>]*href="([^"]+)"/g)].map((m) => m[1]);
      for (const asset of [...scripts, ...links]) {
        const file = await fetch(`${gateway.url}${asset}`);
        expect(file.status).toBe(200);
        await file.arrayBuffer();
      }
      const initializer = await (await fetch(`${gateway.url}/api/docs/swagger-initializer.js`)).text();
      expect(initializer).toContain('/api/docs-json');
      expect((await fetch(`${gateway.url}/api/docs/package.json`)).status).toBe(404);
    });
  });

  describe('health', () => {
    it('is 200 with every service up', async () => {
      const response = await fetch(`${gateway.url}/api/v1/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        services: Object.fromEntries(ALL_SERVICES.map((s) => [s, 'up'])),
      });
    });

    it('is 503 naming the service that is down or not ready', async () => {
      upstreams.applications.ready = false;
      try {
        const response = await fetch(`${gateway.url}/api/v1/health`);
        expect(response.status).toBe(503);
        const body = (await response.json()) as { status: string; services: Record<string, string> };
        expect(body.status).toBe('degraded');
        expect(body.services.applications).toBe('down');
        expect(body.services.identity).toBe('up');
      } finally {
        upstreams.applications.ready = true;
      }
      const down = (await (await fetch(`${degraded.url}/api/v1/health`)).json()) as {
        services: Record<string, string>;
      };
      expect(down.services.notifications).toBe('down');
    });

    it("has the gateway's own probes and metrics, the metrics on the internal port only", async () => {
      expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
      await expectProblem(await fetch(`${gateway.url}/metrics`), 404, 'not-found');
      const metrics = await (await fetch(`${gateway.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(/gateway_requests_total\{[^}]*prefix="\/api\/v1\/locations"[^}]*status="200"/);
      expect(metrics).toContain('gateway_request_duration_seconds_bucket');
    });
  });

  describe('single-page apps', () => {
    it('serves index.html with no-cache and hashed assets for a year', async () => {
      const index = await fetch(`${gateway.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      expect(await index.text()).toContain('<div id="app">');
      const asset = await fetch(`${gateway.url}/assets/index-Bq3x9ZkT.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      await asset.arrayBuffer();
    });

    it('serves the build’s precompressed variant the browser accepts, with the original’s type', async () => {
      const path = `${gateway.url}/assets/index-Bq3x9ZkT.js`;
      const get = (acceptEncoding: string) =>
        raw(gateway.url, '/assets/index-Bq3x9ZkT.js', { 'accept-encoding': acceptEncoding });
      const br = await get('gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript; charset=utf-8$/);
      expect(br.headers.vary).toContain('Accept-Encoding');
      expect(br.headers['cache-control']).toContain('immutable');
      expect(brotliDecompressSync(br.bytes).toString()).toBe('console.log("app");');

      const gz = await get('gzip, br;q=0');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.bytes).toString()).toBe('console.log("app");');

      const plain = await get('identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe('console.log("app");');
      expect(plain.headers['content-type']).toBe(br.headers['content-type']);
      // fetch decompresses transparently
      expect(await (await fetch(path)).text()).toBe('console.log("app");');
    });

    it('falls back to index.html for app routes, but not for missing files', async () => {
      const route = await fetch(`${gateway.url}/termine/buchen?service=1`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<div id="app">');
      await expectProblem(await fetch(`${gateway.url}/assets/missing-Abc12345.js`), 404, 'not-found');
      await expectProblem(await fetch(`${gateway.url}/api/unknown`), 404, 'not-found');
    });

    it('never serves files outside the dist folder', async () => {
      for (const path of [
        '/../secret.txt',
        '/%2e%2e/secret.txt',
        '/..%2fsecret.txt',
        '/assets/..%2f..%2fsecret.txt',
      ]) {
        const response = await raw(gateway.url, path);
        expect(response.status).toBe(404);
        expect(response.body).not.toContain('top secret');
      }
    });

    it('redirects /backoffice to /backoffice/ and explains when an app is not built', async () => {
      const redirect = await fetch(`${gateway.url}/backoffice?x=1`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/backoffice/?x=1');

      const page = await fetch(`${gateway.url}/backoffice/`);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toMatch(/<html lang="de">/);
      expect(html).toContain('nicht gebaut');
      expect(html).toContain('not been built');
      expect(html).toContain('npx nx build backoffice');
      expect(html.indexOf('nicht gebaut')).toBeLessThan(html.indexOf('not been built'));
      expect((await fetch(`${gateway.url}/backoffice/faelle/7`)).status).toBe(503);
    });
  });
});
