import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCS_PATH } from '../docs/swagger-ui';

const csp = (styleSrc: string, previews = false): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styleSrc}`,
    previews ? "img-src 'self' data: blob:" : "img-src 'self' data:",
    ...(previews ? ["frame-src 'self' blob:"] : []),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/** Everything: the SPAs, the API, the not-built page. No inline scripts or styles anywhere. */
export const CONTENT_SECURITY_POLICY = csp("'self'");
/**
 * The back office (`/backoffice/…`) also shows a case's documents in the page: a file fetched with the
 * clerk's token becomes a `blob:` URL of the app's own origin, shown in an <img> or an <iframe> (PDF). Only
 * blob URLs the app made itself can be named that way (no other host), and the documents service accepts
 * PDF, JPEG and PNG only, which the app labels with their type; the citizen app keeps the stricter policy.
 */
export const BACKOFFICE_CONTENT_SECURITY_POLICY = csp("'self'", true);
/**
 * The Swagger UI page only: swagger-ui (5.x) still sets inline `style` attributes, so its page allows
 * inline styles. Scripts stay 'self' only (the initializer is a served file).
 */
export const DOCS_CONTENT_SECURITY_POLICY = csp("'self' 'unsafe-inline'");
/**
 * Images the gateway serves itself (the city's logo): an SVG opened directly is a document in our origin,
 * so nothing may load or run in it (`sandbox` also gives it an opaque origin). Inline styles only, which
 * SVG files commonly use.
 */
export const IMAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const imageResponses = new WeakSet<FastifyRequest>();

/** Marks a request whose response is an image: it gets IMAGE_CONTENT_SECURITY_POLICY instead of the page one. */
export function useImagePolicy(request: FastifyRequest): void {
  imageResponses.add(request);
}

function contentSecurityPolicy(request: FastifyRequest, path: string): string {
  if (imageResponses.has(request)) return IMAGE_CONTENT_SECURITY_POLICY;
  if (path === DOCS_PATH) return DOCS_CONTENT_SECURITY_POLICY;
  return path === '/backoffice' || path.startsWith('/backoffice/')
    ? BACKOFFICE_CONTENT_SECURITY_POLICY
    : CONTENT_SECURITY_POLICY;
}

export const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), ' +
  'magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), ' +
  'interest-cohort=()';

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers that are the same on every response, set by the maintained `@fastify/helmet` (helmet 8) at
 * the start of every request: nosniff, no referrer, no framing, same-origin opener and resources, origin
 * keyed agent cluster, no DNS prefetch, no cross-domain policies, `X-XSS-Protection: 0`, no
 * `X-Powered-By`. What helmet cannot know is set last by `applySecurityHeaders`: the page's CSP by path
 * (and a service's stricter one kept), the Permissions-Policy (not a helmet header), and HSTS only over TLS.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: false,
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  originAgentCluster: true,
  referrerPolicy: { policy: 'no-referrer' },
  xContentTypeOptions: true,
  xDnsPrefetchControl: { allow: false },
  xDownloadOptions: true,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
  xPoweredBy: true,
  xXssProtection: true,
} as const satisfies FastifyHelmetOptions;

/**
 * The response header a helmet option is about: helmet 8 names each option after its header
 * (`xFrameOptions` → `x-frame-options`; `xPoweredBy` is the one it removes rather than sets).
 */
export function helmetHeaderName(option: string): string {
  return option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * The security headers that are the gateway's on every response, so the proxy drops a service's values of
 * them (proxy-headers.ts): every header HELMET_OPTIONS configures, whether helmet sets it or it is switched
 * off there (HSTS is set by `applySecurityHeaders` over TLS only; COEP is sent by nobody), and the
 * Permissions-Policy, which is set last. Not the Content-Security-Policy: a service's own is kept (see
 * `applySecurityHeaders`).
 */
export const GATEWAY_SECURITY_HEADERS: readonly string[] = [
  ...Object.keys(HELMET_OPTIONS).map(helmetHeaderName),
  'permissions-policy',
].filter((name) => name !== 'content-security-policy');

/**
 * The security headers helmet leaves to us, on one response; set last (onSend), so a service's own values
 * never win, except a service's own `Content-Security-Policy`: the gateway's routes never set one, so a
 * policy already on the reply is one the proxy passed on from a service, and it is kept. Services are our
 * own code and send a policy only to be stricter than the app's: documents serves file content with
 * `default-src 'none'; sandbox`, which the app's `default-src 'self'` must not loosen (and telling from two
 * policies' text which is stricter is not reliable).
 */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  if (!reply.hasHeader('content-security-policy')) {
    const [path = ''] = (request.raw.url ?? '').split('?');
    void reply.header('content-security-policy', contentSecurityPolicy(request, path));
  }
  void reply.header('permissions-policy', PERMISSIONS_POLICY);
  reply.removeHeader('x-powered-by');
  reply.removeHeader('server');
  // HSTS only over TLS: direct TLS, or `X-Forwarded-Proto: https` from a proxy trusted by TRUST_PROXY.
  if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
  else reply.removeHeader('strict-transport-security');
}

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, HELMET_OPTIONS);
  app.addHook('onSend', async (request, reply, payload) => {
    applySecurityHeaders(request, reply);
    return payload;
  });
}
