import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom } from './request-id';

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values are personal data or secrets, wherever they occur in a logged object (request
 * bodies, headers, nested payloads, child-logger bindings). Compared case-insensitively and ignoring
 * `-` and `_`, so `clientSecret`, `client_secret` and `Client-Secret` are one key.
 */
export const SENSITIVE_KEYS: readonly string[] = [
  // credentials and secrets
  'authorization',
  'proxyAuthorization',
  'cookie',
  'setCookie',
  'xApiKey',
  'apiKey',
  'password',
  'newPassword',
  'currentPassword',
  'oldPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'totp',
  'totpCode',
  'mfaCode',
  'otp',
  // not `code`: errors carry theirs (ECONNREFUSED, 23505), which logs must show; request bodies, where a
  // TOTP `code` travels, are never logged
  // personal data
  'email',
  'givenName',
  'familyName',
  'firstName',
  'lastName',
  'birthDate',
  'dateOfBirth',
  'phone',
  'iban',
];

const normaliseKey = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
const SENSITIVE = new Set(SENSITIVE_KEYS.map(normaliseKey));

/** Whether a log key names personal data or a secret (see `SENSITIVE_KEYS`). */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.has(normaliseKey(key));
}

/** Deeper than this, a logged value is replaced as a whole: nothing nested that far is ever needed. */
const MAX_DEPTH = 10;

/** The prototype of the objects pino's error serializer makes of errors. */
const SERIALIZED_ERROR_PROTO = Object.getPrototypeOf(pino.stdSerializers.err(new Error('probe'))) as unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || proto === SERIALIZED_ERROR_PROTO;
}

/**
 * `value` with the values of sensitive keys replaced at any depth in plain objects and arrays.
 * Never mutates `value`: what changes is copied (the rest is shared). Other objects (errors, requests,
 * dates, buffers) are left to pino's serializers.
 */
export function redactDeep<T>(value: T): T {
  return walk(value, 0, new WeakSet<object>()) as T;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  const node = value as object;
  if (seen.has(node)) return '[circular]';
  seen.add(node);
  try {
    if (isArray) {
      let copy: unknown[] | undefined;
      const items = value as unknown[];
      items.forEach((item, index) => {
        const next = walk(item, depth + 1, seen);
        if (next !== item) (copy ??= [...items])[index] = next;
      });
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const record = value;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const next = isSensitiveKey(key) ? (item === undefined ? item : REDACTED) : walk(item, depth + 1, seen);
      if (next !== item) (copy ??= { ...record })[key] = next;
    }
    return copy ?? value;
  } finally {
    seen.delete(node);
  }
}

/**
 * Paths pino redacts on the serialized output as well (defence in depth: the request serializer below
 * keeps neither headers nor bodies). Everything logged passes `redactDeep` first.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/**
 * Whether serialized bindings may hold a sensitive key: false only when the text has no escape and none of
 * its `"…":` runs (every key is one; a value can only add more) names a sensitive key. Every request makes
 * a child logger, and most bindings (request id, method, path) hold none, so their JSON is not parsed.
 */
function mayNameSensitiveKey(serialized: string): boolean {
  if (serialized.includes('\\')) return true;
  for (const match of serialized.matchAll(/"([^"]*)":/g)) if (isSensitiveKey(match[1] ?? '')) return true;
  return false;
}

/**
 * pino does not pass child-logger bindings through `formatters.bindings` (only the root's), so a child's
 * serialized bindings are redacted once, when the child is made.
 */
function redactChildBindings(child: PinoLogger): void {
  const holder = child as unknown as Record<symbol, unknown>;
  const chindings = holder[pino.symbols.chindingsSym];
  if (typeof chindings !== 'string' || chindings.length < 2) return;
  if (!mayNameSensitiveKey(chindings)) return;
  const bindings = JSON.parse(`{${chindings.slice(1)}}`) as Record<string, unknown>;
  const redacted = redactDeep(bindings);
  if (redacted !== bindings) holder[pino.symbols.chindingsSym] = `,${JSON.stringify(redacted).slice(1, -1)}`;
}

export function pinoOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // errors are not plain objects, so `formatters.log` leaves them alone: redact what they carry here
    serializers: { err: (error: unknown) => redactDeep(pino.stdSerializers.err(error as Error)) as unknown },
    onChild: redactChildBindings,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactDeep(bindings),
      log: (object) => redactDeep(object),
    },
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

/**
 * Health probes and metric scrapes (asked every few seconds; a 503 is the answer "not ready yet"). Under
 * Fastify, Nest's middleware sees `url` relative to its mount point ("/") and the request's path in
 * `originalUrl`, so that is what is matched.
 */
export function isProbe(req: IncomingMessage & { originalUrl?: string }): boolean {
  return /^\/(health|metrics|api\/v1\/health)(\/|\?|$)/.test(req.originalUrl ?? req.url ?? '');
}

/** How long a log line waits in the buffer at most before it is written out. */
export const LOG_FLUSH_MS = 200;
/** Buffered bytes that are written out at once. */
const LOG_BUFFER_BYTES = 4096;

let serviceLog: DestinationStream | undefined;

/**
 * Where a service's log lines go: standard output, written asynchronously in batches of up to 4 KB and at
 * least every {@link LOG_FLUSH_MS} ms, instead of one synchronous write per line (decision §36: under a
 * rush a third of the gateway's socket writes were its log lines). What is buffered is written out when
 * the process exits, also after an uncaught error; only a SIGKILL loses it, at most the last 200 ms. One
 * destination per process, shared by every app in it (the test harnesses start several).
 */
export function serviceLogDestination(): DestinationStream {
  serviceLog ??= bufferedDestination(1);
  return serviceLog;
}

/** An asynchronous, buffered writer to the file descriptor `fd`, written out every LOG_FLUSH_MS. */
export function bufferedDestination(fd: number): ReturnType<typeof pino.destination> {
  const destination = pino.destination({ dest: fd, sync: false, minLength: LOG_BUFFER_BYTES });
  const timer = setInterval(() => destination.flush(), LOG_FLUSH_MS);
  timer.unref();
  destination.on('close', () => clearInterval(timer));
  return destination;
}

/** JSON request logging with request ids and redaction. */
export function platformLoggerModule(service: string, level: string): DynamicModule {
  const options = pinoOptions(service, level);
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        ...options,
        genReqId: (req: IncomingMessage) => requestIdFrom(req),
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        // probes and scrapes would drown the log (the gateway's aggregated health included)
        autoLogging: { ignore: isProbe },
        serializers: {
          ...options.serializers,
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: pathOnly(req.url),
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      serviceLogDestination(),
    ],
  });
}
