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

/** The precompressed variants a build may carry beside a file (`app.js.br`, `app.js.gz`), best first. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
export type ContentEncoding = (typeof VARIANTS)[number]['encoding'];

/** The precompressed encodings an `Accept-Encoding` header allows (q=0 refuses one), best first. */
export function acceptedEncodings(header: string | string[] | undefined): ContentEncoding[] {
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: string) => weights.get(encoding) ?? weights.get('*') ?? 0;
  return VARIANTS.filter((v) => weight(v.encoding) > 0)
    .sort((a, b) => weight(b.encoding) - weight(a.encoding))
    .map((v) => v.encoding);
}

/**
 * Like lookUp, but prefers a precompressed variant the client accepts (written by the SPA build, see
 * vite.shared.mts): `encoding` says which one was found, and replyWithFile labels it.
 */
export async function lookUpCompressed(
  request: FastifyRequest,
  root: string,
  urlPath: string,
): Promise<{ result: SendResult; encoding?: ContentEncoding }> {
  for (const encoding of acceptedEncodings(request.headers['accept-encoding'])) {
    const suffix = VARIANTS.find((v) => v.encoding === encoding)?.suffix ?? '';
    const result = await lookUp(request, root, `${urlPath}${suffix}`);
    if (result.type === 'file') return { result, encoding };
  }
  return { result: await lookUp(request, root, urlPath) };
}

/** replyWithFile for lookUpCompressed's answer: the variant keeps the original's content type. */
export function replyWithVariant(
  reply: FastifyReply,
  found: { result: SendResult; encoding?: ContentEncoding },
  urlPath: string,
  cacheControl: string,
): FastifyReply {
  void reply.header('vary', 'Accept-Encoding');
  if (!found.encoding || found.result.type !== 'file')
    return replyWithFile(reply, found.result, cacheControl);
  let type = send.mime.getType(urlPath) ?? 'application/octet-stream';
  if (send.isUtf8MimeType(type)) type += '; charset=utf-8';
  return replyWithFile(reply, found.result, cacheControl)
    .header('content-type', type)
    .header('content-encoding', found.encoding);
}
