import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import replyFrom from '@fastify/reply-from';
import type { ServiceName } from '@buergeramt/contracts';
import { GENERIC_PROBLEMS, JwtStrategy, ProblemException, ReclaimingPassThrough } from '@buergeramt/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics, type UpstreamErrorKind } from '../metrics/gateway-metrics.service';
import { problemFor, sendProblem } from '../problem/send-problem';
import { API_PREFIX, RouteTable } from '../routing/route-table';
import { registerTokenCheck } from './token-check';
import { BodyTooLargeError, ByteLimit, findBodyTooLarge, isUpload } from './body-limit';
import { clientResponseHeaders, upstreamRequestHeaders } from './proxy-headers';

const PROXIED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

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
 * through in both directions; nothing is buffered or parsed.
 */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger('Proxy');
  private readonly routes: RouteTable;

  constructor(
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    private readonly tokens: JwtStrategy,
  ) {
    this.routes = new RouteTable(config.upstreams());
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

    try {
      return reply.from(`${match.baseUrl}${path}${search}`, {
        rewriteRequestHeaders: (_req, headers) => upstreamRequestHeaders(request, headers),
        // a service's own Content-Security-Policy stays (applySecurityHeaders keeps one already set)
        rewriteHeaders: (headers) => clientResponseHeaders(headers),
        // Never retry on the client's behalf: a 503 from a service is passed on as it is.
        retryDelay: () => null,
        onResponse: (_request, reply, upstream) => {
          void reply.send(responseBody(reply.getHeader('content-length'), upstream.stream));
        },
        onError: (_reply, { error }) => this.onUpstreamError(match.service, reply, error),
      });
    } catch (error) {
      this.logger.warn({ err: error, requestId: request.id }, 'request could not be forwarded');
      return sendProblem(reply, problemFor(reply, 400, 'The request could not be forwarded.'));
    }
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
