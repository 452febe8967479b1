import type { IncomingMessage } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

const REQUEST_ID = Symbol('requestId');
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request id of a raw request: the caller's `X-Request-Id` when it is sane (≤ 128 characters of
 * letters, digits, `.`, `_`, `-`), else a new UUIDv7. Memoised on the request, so Fastify and the
 * HTTP logger agree on it.
 */
export function requestIdFrom(req: IncomingMessage): string {
  const holder = req as IncomingMessage & { [REQUEST_ID]?: string };
  if (holder[REQUEST_ID]) return holder[REQUEST_ID];
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  const id = given && SANE_ID.test(given) ? given : uuidv7();
  holder[REQUEST_ID] = id;
  return id;
}
