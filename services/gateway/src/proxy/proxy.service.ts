import type { IncomingMessage } from 'node:http';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import replyFrom from '@fastify/reply-from';
import type { ServiceName } from '@buergeramt/contracts';
import {
  addVary,
  GENERIC_PROBLEMS,
  ifNoneMatch,
  JwtStrategy,
  ProblemException,
  ReclaimingPassThrough,
} from '@buergeramt/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics, type UpstreamErrorKind } from '../metrics/gateway-metrics.service';
import { problemFor, sendProblem } from '../problem/send-problem';
import { API_PREFIX, RouteTable } from '../routing/route-table';
import { registerTokenCheck } from './token-check';
import { BodyTooLargeError, ByteLimit, findBodyTooLarge, isUpload } from './body-limit';
import { clientResponseHeaders, upstreamRequestHeaders } from './proxy-headers';
import {
  cacheDirectives,
  type CachedAnswer,
  type HeaderMap,
  headerText,
  PublicCache,
  type StoragePlan,
} from './public-cache';

/** One header's value as Node and Fastify give it. */
type HeaderValue = string | string[] | number | undefined;

const PROXIED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** Requests that change something: below ADMIN_PREFIX, answered 2xx, they empty the public-read cache. */
const UNSAFE_METHODS: ReadonlySet<string> = new Set(['DELETE', 'PATCH', 'POST', 'PUT']);
/** Where admins change what the public reads show (catalogue, offices, forms), below /api/v1. */
const ADMIN_PREFIX = '/admin/';
/** The headers of a stored answer that a 304 from the cache repeats (RFC 9110 §15.4.5), besides `Age`. */
const NOT_MODIFIED_HEADERS = ['cache-control', 'content-location', 'etag', 'expires', 'vary'];

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'FST_REPLY_FROM_TIMEOUT',
  'FST_REPLY_FROM_GATEWAY_TIMEOUT',
]);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'FST_REPLY_FROM_SERVICE_UNAVAILABLE',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The error codes along an error's `cause` chain. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    current = cause;
  }
  return codes;
}

export function classifyUpstreamError(error: unknown): UpstreamErrorKind {
  const codes = errorCodes(error);
  if (codes.some((c) => TIMEOUT_CODES.has(c))) return 'timeout';
  if (codes.some((c) => CONNECT_CODES.has(c))) return 'connect';
  if (codes.some((c) => RESET_CODES.has(c))) return 'reset';
  return 'other';
}

/** Two `Vary` values as one list, each field named once (case-insensitively), in order. */
function joinVary(own: HeaderValue, theirs: HeaderValue): string {
  return (headerText(theirs) ?? '')
    .split(',')
    .reduce((list, name) => (name.trim() ? addVary(list, name.trim()) : list), headerText(own) ?? '');
}

/** The client wants the service asked, not a kept answer (RFC 9111 §5.2.1.4, §5.4). */
function wantsValidation(request: FastifyRequest): boolean {
  if (cacheDirectives(request.headers['cache-control']).has('no-cache')) return true;
  const pragma = request.headers.pragma;
  return request.headers['cache-control'] === undefined && /\bno-cache\b/i.test(String(pragma ?? ''));
}

/** Rejects `.`/`..` segments (also percent-encoded) so the gateway and the service agree on the path. */
function isSafePath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return !decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}

/** Answers from this size on (downloads) count towards the ChunkReclaimer; smaller ones pass untouched. */
const LARGE_RESPONSE_BYTES = 256 * 1024;

/**
 * The upstream's answer as it goes to the client (`contentLength`: its header, already on the reply when
 * reply-from hands the body over). Large bodies of known length (document downloads) pass
 * a counting pass-through so that their chunks are reclaimed as they go; everything else, including
 * streams of unknown length such as the call-up display's server-sent events, is handed on as it is.
 */
function responseBody(contentLength: unknown, body: Readable): Readable {
  const length = Number(contentLength);
  if (!(length >= LARGE_RESPONSE_BYTES)) return body;
  const counted = new ReclaimingPassThrough();
  pipeline(body, counted, () => undefined); // an upstream error destroys `counted`; Fastify then ends the reply
  return counted;
}

/**
 * Forwards everything below /api/v1 to the service owning the longest matching prefix, with the
 * prefix stripped (services serve `/auth/login`, the public calls `/api/v1/auth/login`). Bodies stream
 * through in both directions, unparsed; the one exception are public reads (GET answers a service marked
 * `public, max-age` with an ETag, up to PUBLIC_CACHE_ENTRY_BYTES), which are buffered and kept in the
 * PublicCache for min(max-age, PUBLIC_CACHE_SECONDS), so that repeats are answered here.
 */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger('Proxy');
  private readonly routes: RouteTable;
  private readonly cache: PublicCache;

  constructor(
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    private readonly tokens: JwtStrategy,
  ) {
    this.routes = new RouteTable(config.upstreams());
    this.cache = new PublicCache({
      seconds: config.PUBLIC_CACHE_SECONDS,
      maxBytes: config.PUBLIC_CACHE_BYTES,
      entryBytes: config.PUBLIC_CACHE_ENTRY_BYTES,
    });
  }

  /** Adds the proxy routes to Fastify, in their own context (own body parser, own reply decorator). */
  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      await scope.register(replyFrom, {
        disableCache: true,
        disableRequestLogging: true,
        destroyAgent: true,
        undici: {
          connections: 128,
          pipelining: 1,
          keepAliveTimeout: 4_000,
          connect: { timeout: this.config.UPSTREAM_CONNECT_TIMEOUT_MS, rejectUnauthorized: true },
          headersTimeout: this.config.UPSTREAM_TIMEOUT_MS,
          bodyTimeout: this.config.UPSTREAM_TIMEOUT_MS,
        },
      });
      registerTokenCheck(scope, this.tokens);
      // Bodies are never parsed here: every content type is handed on as the raw, size-limited stream.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (request: FastifyRequest, payload: IncomingMessage, done) => {
        try {
          done(null, this.limitedBody(request, payload));
        } catch (error) {
          done(error as Error, undefined);
        }
      });
      scope.route({
        method: [...PROXIED_METHODS],
        url: `${API_PREFIX}/*`,
        exposeHeadRoute: false,
        handler: (request, reply) => this.forward(request, reply),
      });
    });
  }

  /** The metrics label of an API path (`/api/v1/auth` for `/api/v1/auth/login?x`), also before routing ran. */
  labelFor(url: string): string | undefined {
    const path = url.split('?')[0] ?? '';
    if (!path.startsWith(`${API_PREFIX}/`)) return undefined;
    const match = this.routes.match(path.slice(API_PREFIX.length));
    return match ? `${API_PREFIX}${match.prefix}` : undefined;
  }

  /** The request body as a stream that fails once it grows over its limit (checked up front by length). */
  private limitedBody(request: FastifyRequest, payload: IncomingMessage): ByteLimit {
    const limit = isUpload(request.headers['content-type'])
      ? this.config.UPLOAD_BODY_LIMIT
      : this.config.JSON_BODY_LIMIT;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw this.tooLarge(limit);
    const limited = new ByteLimit(limit);
    payload.on('error', (error) => limited.destroy(error));
    payload.pipe(limited);
    return limited;
  }

  private tooLarge(limit: number): ProblemException {
    return new ProblemException(
      413,
      'payload-too-large',
      GENERIC_PROBLEMS[413].title,
      new BodyTooLargeError(limit).message,
    );
  }

  private forward(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const url = request.raw.url ?? '/';
    const queryAt = url.indexOf('?');
    const pathname = queryAt >= 0 ? url.slice(0, queryAt) : url;
    const search = queryAt >= 0 ? url.slice(queryAt) : '';
    const path = pathname.slice(API_PREFIX.length);

    if (!isSafePath(path)) {
      return sendProblem(reply, problemFor(reply, 400, 'The path contains invalid segments.'));
    }
    const match = this.routes.match(path);
    if (!match) {
      return sendProblem(reply, problemFor(reply, 404, 'There is no API endpoint at this address.'));
    }

    // The token check (onRequest) has run already: a forged token gets its 401 before the cache is asked.
    const cacheable = request.method === 'GET' && this.cache.enabled;
    // a hard reload (`Cache-Control: no-cache`, or HTTP/1.0's `Pragma: no-cache`) asks the service; its
    // answer is kept for the next ones
    if (cacheable && !wantsValidation(request)) {
      const cached = this.cache.lookup(url, request.headers);
      if (cached) return this.answerFromCache(request, reply, cached);
      this.metrics.publicCacheResult('miss');
    }
    const generation = this.cache.generation;
    let upstreamHeaders: HeaderMap = {};
    let clientHeaders: HeaderMap = {};

    try {
      return reply.from(`${match.baseUrl}${path}${search}`, {
        rewriteRequestHeaders: (_req, headers) => upstreamRequestHeaders(request, headers),
        // a service's own Content-Security-Policy stays (applySecurityHeaders keeps one already set)
        rewriteHeaders: (headers) => {
          upstreamHeaders = headers;
          const passed = clientResponseHeaders(headers);
          clientHeaders = passed;
          // the service's Vary (Accept-Language) joins the gateway's own (CORS: Origin) instead of
          // replacing it, so that no browser reuses an answer for another origin
          return passed.vary === undefined
            ? passed
            : { ...passed, vary: this.withOwnVary(reply, 'vary', passed.vary) };
        },
        // Never retry on the client's behalf: a 503 from a service is passed on as it is.
        retryDelay: () => null,
        onResponse: (_request, _reply, upstream) => {
          const status = upstream.statusCode;
          // an admin's change, done: the public reads kept here may show what it changed
          const changed = status >= 200 && status < 300 && UNSAFE_METHODS.has(request.method);
          if (changed && path.startsWith(ADMIN_PREFIX)) this.cache.clear();
          if (cacheable) {
            const decision = this.cache.decide(status, upstreamHeaders, request.headers);
            if (decision.store) {
              this.keepAndSend(reply, upstream.stream, {
                service: match.service,
                url,
                plan: decision.plan,
                headers: clientHeaders,
                generation,
              });
              return;
            }
          }
          void reply.send(responseBody(reply.getHeader('content-length'), upstream.stream));
        },
        onError: (_reply, { error }) => this.onUpstreamError(match.service, reply, error),
      });
    } catch (error) {
      this.logger.warn({ err: error, requestId: request.id }, 'request could not be forwarded');
      return sendProblem(reply, problemFor(reply, 400, 'The request could not be forwarded.'));
    }
  }

  /**
   * A hit: the stored answer with its headers as the service sent them the first time, and `Age`; or 304
   * when the request's `If-None-Match` names its ETag. Sent through the reply like any answer, so the
   * gateway's hooks (request id, security headers, CORS, metrics, logging) apply as usual.
   */
  private answerFromCache(request: FastifyRequest, reply: FastifyReply, cached: CachedAnswer): FastifyReply {
    const age = String(cached.age);
    if (ifNoneMatch(request.headers['if-none-match'], cached.etag)) {
      this.metrics.publicCacheResult('revalidated');
      for (const name of NOT_MODIFIED_HEADERS) {
        const value = cached.headers[name];
        if (value !== undefined) void reply.header(name, this.withOwnVary(reply, name, value));
      }
      return reply.code(304).header('age', age).send();
    }
    this.metrics.publicCacheResult('hit');
    for (const [name, value] of Object.entries(cached.headers)) {
      void reply.header(name, this.withOwnVary(reply, name, value));
    }
    return reply.code(200).header('age', age).send(cached.body);
  }

  /** A stored header as sent now: `Vary` joined with the gateway's own (CORS), everything else as kept. */
  private withOwnVary<V extends HeaderValue>(reply: FastifyReply, name: string, value: V): V | string {
    const own = reply.getHeader('vary');
    return name === 'vary' && own !== undefined ? joinVary(own, value) : value;
  }

  /**
   * A storable answer to a GET: its body is read into memory (at most the entry limit), kept and sent.
   * A body without Content-Length that grows past the limit is sent on as a stream from there, unstored.
   * A service failing mid-body is answered like any upstream error (nothing has been sent yet).
   */
  private keepAndSend(
    reply: FastifyReply,
    body: Readable,
    answer: { service: ServiceName; url: string; plan: StoragePlan; headers: HeaderMap; generation: number },
  ): void {
    const limit = this.cache.entryLimit;
    const chunks: Buffer[] = [];
    let size = 0;
    let buffering = true;
    const stopBuffering = (): void => {
      buffering = false;
      body.off('data', onData);
      body.off('end', onEnd);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limit) return;
      stopBuffering();
      body.pause();
      const rest = new PassThrough();
      for (const buffered of chunks.splice(0)) rest.write(buffered);
      pipeline(body, rest, () => undefined); // an upstream error destroys `rest`; Fastify then ends the reply
      void reply.send(rest);
    };
    const onEnd = (): void => {
      stopBuffering();
      const whole = Buffer.concat(chunks, size);
      const request = reply.request;
      if (
        this.cache.store(answer.url, request.headers, answer.plan, answer.headers, whole, answer.generation)
      ) {
        this.metrics.publicCacheResult('stored');
      }
      void reply.send(whole);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.on('error', (error) => {
      if (!buffering) return; // streaming on: pipeline's; or done
      stopBuffering();
      for (const name of Object.keys(answer.headers)) reply.removeHeader(name);
      this.onUpstreamError(answer.service, reply, error);
    });
  }

  private onUpstreamError(service: ServiceName, reply: FastifyReply, error: Error): void {
    const request = reply.request;
    const tooLarge = findBodyTooLarge(error);
    if (tooLarge) {
      void reply.header('connection', 'close');
      sendProblem(reply, problemFor(reply, 413, tooLarge.message));
      return;
    }
    if (request.raw.destroyed && !request.raw.complete) {
      // The client went away (e.g. an aborted upload): nobody to answer, and not the service's fault.
      this.logger.debug({ upstream: service, requestId: request.id }, 'client aborted a proxied request');
      return;
    }
    const kind = classifyUpstreamError(error);
    this.metrics.upstreamErrors.inc({ service, kind });
    this.logger.warn(
      { upstream: service, kind, code: errorCodes(error).join(','), requestId: request.id },
      `request to ${service} failed (${kind})`,
    );
    if (kind === 'timeout') {
      sendProblem(reply, problemFor(reply, 504, 'The service did not answer in time. Please try again.'));
    } else {
      sendProblem(reply, problemFor(reply, 502, 'The service is not reachable. Please try again shortly.'));
    }
  }
}
