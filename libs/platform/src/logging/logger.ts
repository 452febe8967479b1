import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger as PinoLogger, type LoggerOptions } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom } from './request-id';

/**
 * Log paths whose values are personal data or secrets. pino replaces them with "[redacted]".
 * Request and response bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.clientSecret',
  '*.client_secret',
  '*.secret',
  '*.totp',
  '*.code',
  '*.email',
  '*.givenName',
  '*.familyName',
  '*.phone',
  '*.iban',
  'email',
  'password',
  'token',
];

export function pinoOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A plain pino logger for code outside Nest's DI (scripts, start-up errors). */
export function createLogger(service: string, level = 'info'): PinoLogger {
  return pino(pinoOptions(service, level));
}

/** Strips the query string: it may carry tokens (manage links, verification codes). */
function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/** JSON request logging with request ids and redaction. */
export function platformLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...pinoOptions(service, level),
      genReqId: (req: IncomingMessage) => requestIdFrom(req),
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // probes and scrapes would drown the log (the gateway's aggregated health included)
      autoLogging: {
        ignore: (req: IncomingMessage) => /^\/(health|metrics|api\/v1\/health)(\/|\?|$)/.test(req.url ?? ''),
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: pathOnly(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
