import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/**
 * CORS for the origins in CORS_ORIGINS only (exact match of scheme://host[:port]), with credentials.
 * Without CORS_ORIGINS no origin is allowed: the SPAs are served from the gateway's own origin. The
 * gateway answers preflights itself; services never see them.
 */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptions {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return {
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) => {
      callback(null, origin !== undefined && allowed.has(origin.toLowerCase()));
    },
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: [
      'content-disposition',
      'location',
      'retry-after',
      'x-request-id',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
    maxAge: 600,
  };
}
