import { ifNoneMatch } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Asset } from './city-assets';

/** Shared caches and browsers may keep the city configuration for five minutes, then revalidate. */
export const CITY_CACHE_CONTROL = 'public, max-age=300';

/** Answers with a precomputed asset: 200 with the body, or 304 when the client's copy is current. */
export function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  void reply.header('cache-control', CITY_CACHE_CONTROL).header('etag', asset.etag);
  if (ifNoneMatch(request.headers['if-none-match'], asset.etag)) return reply.code(304).send();
  return reply.code(200).header('content-type', asset.contentType).send(asset.body);
}
