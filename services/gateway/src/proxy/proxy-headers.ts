import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingHttpHeaders as Http2IncomingHttpHeaders } from 'node:http2';
import type { FastifyRequest } from 'fastify';
import { API_PREFIX } from '../routing/route-table';
import { GATEWAY_SECURITY_HEADERS } from '../security/security-headers';

type Headers = IncomingHttpHeaders | Http2IncomingHttpHeaders;

/** RFC 9110 §7.6.1 connection-specific headers, plus their common non-standard relatives. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
];

/**
 * Forwarding headers a client could forge. The gateway replaces them with what it saw itself
 * (which honours TRUST_PROXY), so a service can trust them from the gateway.
 */
const CLIENT_FORWARDING = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-real-ip',
];

/**
 * Headers of a service's answer that are the gateway's business (besides CORS's `access-control-*`): the
 * server banner, and the security headers the gateway sets on every response, derived from its helmet
 * options (`GATEWAY_SECURITY_HEADERS`), so the gateway's values are the ones a client gets. A service's
 * `Content-Security-Policy` is not among them: it is kept (stricter by rule).
 */
export const UPSTREAM_OWNED_BY_GATEWAY: ReadonlySet<string> = new Set([
  'server',
  ...GATEWAY_SECURITY_HEADERS,
]);

/** Whether a header of a service's answer (a lower-case name) is the gateway's business, so dropped. */
export function isOwnedByGateway(name: string): boolean {
  return name.startsWith('access-control-') || UPSTREAM_OWNED_BY_GATEWAY.has(name);
}

function dropConnectionListed(headers: Headers): void {
  const listed = headers.connection;
  if (typeof listed !== 'string') return;
  for (const name of listed.split(',')) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed) delete headers[trimmed];
  }
}

/** The headers a request is forwarded with. */
export function upstreamRequestHeaders(request: FastifyRequest, incoming: Headers): Headers {
  const headers: Headers = { ...incoming };
  dropConnectionListed(headers);
  for (const name of [...HOP_BY_HOP, ...CLIENT_FORWARDING]) delete headers[name];
  // Node already answered "100 Continue"; undici refuses to send Expect.
  delete headers.expect;
  headers['x-request-id'] = request.id;
  headers['x-forwarded-for'] = request.ip;
  headers['x-forwarded-proto'] = request.protocol;
  headers['x-forwarded-host'] = request.host;
  headers['x-forwarded-prefix'] = API_PREFIX;
  return headers;
}

/** The headers of a service's answer that are passed on to the client. */
export function clientResponseHeaders(incoming: Headers): Headers {
  const headers: Headers = { ...incoming };
  dropConnectionListed(headers);
  for (const name of HOP_BY_HOP) delete headers[name];
  for (const name of Object.keys(headers)) {
    if (isOwnedByGateway(name)) delete headers[name];
  }
  return headers;
}
