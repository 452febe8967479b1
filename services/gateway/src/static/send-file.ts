import send, { type SendResult } from '@fastify/send';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Looks a file up below `root` with @fastify/send: `urlPath` is URL-encoded and relative to `root`;
 * `..` segments, dotfiles and encoded NULs are refused (403/400), a missing file is a 404 result.
 * Conditional and range requests are answered from the request's own headers.
 */
export function lookUp(request: FastifyRequest, root: string, urlPath: string): Promise<SendResult> {
  return send(request.raw, urlPath, {
    root,
    index: false,
    dotfiles: 'deny',
    cacheControl: false,
    etag: true,
    lastModified: true,
    acceptRanges: true,
  });
}

/** Streams a found file (or its 304/206/416 answer) with the given Cache-Control. */
export function replyWithFile(reply: FastifyReply, result: SendResult, cacheControl: string): FastifyReply {
  return reply
    .code(result.statusCode)
    .headers(result.headers)
    .header('cache-control', cacheControl)
    .send(result.stream);
}
