import { createHash } from 'node:crypto';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/** What `@PublicCache()` promises about a route's answers. */
export interface PublicCacheOptions {
  /** seconds browsers and shared caches may reuse an answer without asking (default 60) */
  maxAgeSeconds?: number;
  /** the body depends on `Accept-Language` (adds `Vary: Accept-Language`) */
  varyByLanguage?: boolean;
}

type ResolvedCacheOptions = Required<PublicCacheOptions>;

const PUBLIC_CACHE_KEY = 'buergeramt:http:public-cache';
/** What every answer gets unless its route is `@PublicCache()` or it sets `Cache-Control` itself. */
export const NO_STORE = 'no-store';

/** Requests whose route promised a public, cacheable answer (set by the interceptor, read in onSend). */
const cacheableRequests = new WeakMap<FastifyRequest, ResolvedCacheOptions>();

@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<ResolvedCacheOptions | undefined>(
      PUBLIC_CACHE_KEY,
      context.getHandler(),
    );
    if (options && context.getType() === 'http') {
      cacheableRequests.set(context.switchToHttp().getRequest<FastifyRequest>(), options);
    }
    return next.handle();
  }
}

/**
 * A public, rarely changing read that browsers and shared caches may keep: its 200 answers get a strong
 * `ETag` (SHA-256 of the body as sent), `Cache-Control: public, max-age=<maxAgeSeconds>` (default 60) and,
 * with `varyByLanguage`, `Vary: Accept-Language`; a request whose `If-None-Match` names the current ETag gets
 * `304 Not Modified` without a body. Only for answers that are the same for every caller (a token sent
 * along does not change them). Errors are not cached.
 */
export function PublicCache(options: PublicCacheOptions = {}): MethodDecorator {
  const maxAgeSeconds = options.maxAgeSeconds ?? 60;
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0) {
    throw new Error('@PublicCache(): maxAgeSeconds must be an integer >= 0');
  }
  const resolved: ResolvedCacheOptions = { maxAgeSeconds, varyByLanguage: options.varyByLanguage ?? false };
  return applyDecorators(
    SetMetadata(PUBLIC_CACHE_KEY, resolved),
    UseInterceptors(PublicCacheInterceptor),
    ApiResponse({
      status: 304,
      description:
        'Not Modified: the `If-None-Match` request header names the current `ETag`; keep using the copy you have',
    }),
  );
}

/** A strong entity tag over the bytes of a body. */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * Whether `If-None-Match` names `etag` (RFC 9110 §13.1.2: weak comparison, so `W/"x"` matches `"x"`; `*`
 * matches any current representation).
 */
export function ifNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  if (value.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return value.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

/** Adds `token` to a `Vary` header value unless it is there already (or `*`). */
export function addVary(current: unknown, token: string): string {
  const list = typeof current === 'string' ? current : Array.isArray(current) ? current.join(', ') : '';
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => name === '*' || name.toLowerCase() === token.toLowerCase()))
    return names.join(', ');
  return [...names, token].join(', ');
}

/**
 * The caching policy of every answer (onSend, last before the bytes go out):
 *
 * - a route marked `@PublicCache()` answering 200: ETag, `Cache-Control: public, max-age=…`, optional
 *   `Vary: Accept-Language`, and 304 for a matching `If-None-Match`;
 * - every other answer, unless the handler set `Cache-Control` itself: `Cache-Control: no-store`. API
 *   answers are personal (`/me`, appointments, documents, `.ics` files, look-ups with a manage token), change
 *   something, or are errors; no browser or shared cache may keep them unless the route says so.
 */
export function registerCachePolicy(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const cacheable = cacheableRequests.get(request);
    if (cacheable && reply.statusCode === 200 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      done(null, publicAnswer(request, reply, payload, cacheable));
      return;
    }
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', NO_STORE);
    done(null, payload);
  });
}

function publicAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: string | Buffer,
  options: ResolvedCacheOptions,
): string | Buffer | null {
  const etag = strongEtag(payload);
  void reply.header('etag', etag).header('cache-control', `public, max-age=${options.maxAgeSeconds}`);
  if (options.varyByLanguage) {
    void reply.header('vary', addVary(reply.getHeader('vary'), 'Accept-Language'));
  }
  if (!ifNoneMatch(request.headers['if-none-match'], etag)) return payload;
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  void reply.code(304);
  return null;
}
