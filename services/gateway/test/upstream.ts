import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_SERVICES, ROUTE_PREFIXES, type ServiceName } from '@buergeramt/contracts';

/** What an upstream saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A real HTTP server standing in for one service: it answers its readiness probe and OpenAPI
 * document, echoes requests, hashes uploads while they stream in, and can be slow on purpose.
 */
export class Upstream {
  readonly seen: SeenRequest[] = [];
  ready = true;
  /** Bytes of the upload in progress received so far (to prove that uploads stream through). */
  uploadBytes = 0;
  /** Size of the file GET /documents/{id}/content answers with, and the SHA-256 of the last one sent. */
  downloadBytes = 4 * 1024 * 1024;
  downloadSha256 = '';
  /** Uploads whose client went away before the body ended (documents then removes what it had stored). */
  abortedUploads = 0;
  /** Like documents' UPLOAD_IDLE_TIMEOUT_MS: an upload body pausing this long is answered 408 (0: never). */
  uploadIdleMs = 0;
  /** The version of the public read at /services/cached (its ETag and body follow it), as an admin's change. */
  catalogueVersion = 1;
  private server?: Server;

  constructor(
    readonly service: ServiceName,
    private readonly document: Record<string, unknown>,
  ) {}

  get url(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** How many requests (any method) reached this service at `url` (path and query as the service saw them). */
  countOf(url: string): number {
    return this.seen.filter((request) => request.url === url).length;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    if (path === '/health/ready') {
      res.writeHead(this.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: this.ready ? 'ok' : 'unavailable' }));
      return;
    }
    if (path === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.document));
      return;
    }
    this.seen.push({ method: req.method ?? '', url, headers: req.headers });
    if (path?.endsWith('/slow')) {
      setTimeout(() => this.echo(req, res), 1_500).unref();
      return;
    }
    if (path === '/services/cached') {
      this.cached(req, res);
      return;
    }
    if (path?.endsWith('/conflict')) {
      req.resume();
      res.writeHead(409, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ type: 'conflict', title: 'Conflict', status: 409 }));
      return;
    }
    if (path === '/documents' && req.method === 'POST') {
      this.hashUpload(req, res);
      return;
    }
    if (path?.startsWith('/documents/') && path.endsWith('/content') && req.method === 'GET') {
      this.download(res);
      return;
    }
    const hash = createHash('sha256');
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bodyBytes += chunk.length;
    });
    req.on('end', () => this.echo(req, res, { bodyBytes, bodySha256: hash.digest('hex') }));
  }

  /** Sends `downloadBytes` fresh random bytes with their length, with backpressure, like a file download. */
  private download(res: ServerResponse): void {
    const hash = createHash('sha256');
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': String(this.downloadBytes),
      'content-disposition': 'attachment; filename="bescheid.pdf"',
      // what documents sends with file content: stricter than the app's policy
      'content-security-policy': "default-src 'none'; sandbox",
    });
    let sent = 0;
    const pump = (): void => {
      while (sent < this.downloadBytes) {
        const chunk = randomBytes(Math.min(64 * 1024, this.downloadBytes - sent));
        hash.update(chunk);
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      this.downloadSha256 = hash.digest('hex');
      res.end();
    };
    pump();
  }

  private echo(
    req: IncomingMessage,
    res: ServerResponse,
    body: { bodyBytes: number; bodySha256: string } = { bodyBytes: 0, bodySha256: '' },
  ): void {
    res.writeHead(200, {
      'content-type': 'application/json',
      // what the platform sends on every answer not marked @PublicCache()
      'cache-control': 'no-store',
      // things the gateway must not pass on
      'keep-alive': 'timeout=5',
      'x-powered-by': 'upstream',
      'access-control-allow-origin': '*',
      // security headers are the gateway's: a service's looser values never reach a client
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'unsafe-url',
    });
    res.end(
      JSON.stringify({
        service: this.service,
        method: req.method,
        url: req.url,
        headers: req.headers,
        ...body,
      }),
    );
  }

  /**
   * A public read with an ETag, as `@PublicCache({ varyByLanguage: true })` answers: German unless
   * `Accept-Language` starts with `en`, 304 when `If-None-Match` names the current ETag. `?pad=<n>` adds
   * n bytes to the body, `?chunked=1` sends it without Content-Length, in two parts.
   */
  private cached(req: IncomingMessage, res: ServerResponse): void {
    const query = new URL(req.url ?? '/', 'http://upstream').searchParams;
    const english = /^en\b/i.test(req.headers['accept-language'] ?? '');
    const etag = `"catalogue-v${this.catalogueVersion}${english ? '-en' : ''}"`;
    const headers = { etag, 'cache-control': 'public, max-age=60', vary: 'Accept-Language' };
    req.resume();
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const body = JSON.stringify({
      version: this.catalogueVersion,
      items: [{ slug: 'personalausweis', name: english ? 'Identity card' : 'Personalausweis' }],
      padding: 'x'.repeat(Number(query.get('pad') ?? 0)),
    });
    if (query.get('chunked') === '1') {
      // no length in the head: Node sends the body chunked
      res.writeHead(200, { ...headers, 'content-type': 'application/json' });
      const half = Math.floor(body.length / 2);
      res.write(body.slice(0, half));
      res.end(body.slice(half));
      return;
    }
    // with its length, as Fastify sends a service's JSON
    res.writeHead(200, {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }

  /** Hashes the body as it arrives; never holds more than a chunk. */
  private hashUpload(req: IncomingMessage, res: ServerResponse): void {
    const hash = createHash('sha256');
    this.uploadBytes = 0;
    let idle: NodeJS.Timeout | undefined;
    const watch = (): void => {
      clearTimeout(idle);
      if (this.uploadIdleMs <= 0) return;
      idle = setTimeout(() => {
        res.writeHead(408, { 'content-type': 'application/problem+json', connection: 'close' });
        res.end(JSON.stringify({ type: 'request-timeout', title: 'Request timeout', status: 408 }));
      }, this.uploadIdleMs);
    };
    watch();
    req.on('data', (chunk: Buffer) => {
      this.uploadBytes += chunk.length;
      hash.update(chunk);
      watch();
    });
    req.on('end', () => {
      clearTimeout(idle);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ size: this.uploadBytes, sha256: hash.digest('hex') }));
    });
    req.on('close', () => {
      clearTimeout(idle);
      if (!req.complete) this.abortedUploads++;
    });
    req.on('error', () => res.destroy());
  }
}

/** A service's OpenAPI 3.0 document (as @nestjs/swagger writes them) with a path under each of its prefixes. */
export function serviceDocument(service: ServiceName): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const prefix of ROUTE_PREFIXES[service]) {
    paths[prefix] = {
      get: {
        operationId: 'list',
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
          '404': {
            description: 'not found',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      },
    };
  }
  // a path the gateway does not route to this service: must not appear in the merged document
  paths['/internal-only'] = { get: { responses: { '200': { description: 'ok' } } } };
  return {
    openapi: '3.0.0',
    info: { title: service, version: '1' },
    servers: [{ url: 'http://10.0.0.1:3000' }],
    paths,
    components: {
      schemas: {
        // the same everywhere: shared
        Problem: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'integer' } } },
        // different in every service: renamed per service
        Item: {
          type: 'object',
          properties: { [`${service}Field`]: { type: 'string', nullable: true } },
        },
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

export async function startUpstreams(): Promise<Record<ServiceName, Upstream>> {
  const upstreams = await Promise.all(ALL_SERVICES.map((s) => new Upstream(s, serviceDocument(s)).start()));
  return Object.fromEntries(upstreams.map((u) => [u.service, u])) as Record<ServiceName, Upstream>;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
