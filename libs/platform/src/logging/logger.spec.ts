import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import {
  bufferedDestination,
  isProbe,
  isSensitiveKey,
  LOG_FLUSH_MS,
  pinoOptions,
  REDACTED,
  redactDeep,
} from './logger';

/** A real pino logger with the platform's options, writing its JSON lines into memory. */
function capture(level = 'debug'): {
  logger: pino.Logger;
  lines: () => Record<string, unknown>[];
  raw: () => string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino(pinoOptions('identity', level), stream);
  const raw = (): string => chunks.join('');
  return {
    logger,
    raw,
    lines: () =>
      raw()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRETS = [
  'erika.mustermann@example.de',
  'Bearer eyJhbGciOiJFUzI1NiJ9.secret-token',
  'session=abc123secret',
  'hunter2-Passw0rd!',
  'new-Passw0rd-42',
  'refresh-7f3a9c',
  'access-9b2d1e',
  'client-secret-xyz',
  '492817',
  'DE89370400440532013000',
  '+49 30 1234567',
  'Erika',
  'Mustermann',
  'api-key-0042',
];

describe('log redaction (real pino with the platform options)', () => {
  it('redacts personal data and secrets at every depth, and keeps the rest', () => {
    const { logger, lines, raw } = capture();
    logger.info(
      {
        email: SECRETS[0],
        data: {
          user: {
            email: SECRETS[0],
            id: 'user-1',
            profile: { givenName: 'Erika', familyName: 'Mustermann' },
          },
        },
        request: {
          method: 'POST',
          headers: {
            authorization: SECRETS[1],
            cookie: SECRETS[2],
            'X-Api-Key': SECRETS[13],
            accept: 'text/html',
          },
          body: { password: SECRETS[3], newPassword: SECRETS[4], locale: 'de' },
        },
        tokens: [{ refreshToken: SECRETS[5], accessToken: SECRETS[6], kind: 'pair' }],
        client: { client_secret: SECRETS[7], clientId: 'backoffice' },
        deep: {
          a: { b: { c: { d: { totp: SECRETS[8], iban: SECRETS[9], phone: SECRETS[10], keep: 'deep-ok' } } } },
        },
        count: 3,
      },
      'signed in',
    );
    const text = raw();
    for (const secret of SECRETS) expect(text).not.toContain(secret);

    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'identity',
      msg: 'signed in',
      email: REDACTED,
      data: {
        user: { email: REDACTED, id: 'user-1', profile: { givenName: REDACTED, familyName: REDACTED } },
      },
      request: {
        method: 'POST',
        headers: { authorization: REDACTED, cookie: REDACTED, 'X-Api-Key': REDACTED, accept: 'text/html' },
        body: { password: REDACTED, newPassword: REDACTED, locale: 'de' },
      },
      tokens: [{ refreshToken: REDACTED, accessToken: REDACTED, kind: 'pair' }],
      client: { client_secret: REDACTED, clientId: 'backoffice' },
      deep: { a: { b: { c: { d: { totp: REDACTED, iban: REDACTED, phone: REDACTED, keep: 'deep-ok' } } } } },
      count: 3,
    });
  });

  it('redacts child-logger bindings and what errors carry', () => {
    const { logger, raw, lines } = capture();
    const child = logger.child({ user: { email: SECRETS[0], id: 'user-2' } });
    const error = Object.assign(new Error('login failed'), {
      code: 'ECONNREFUSED',
      totp: SECRETS[8],
      request: { headers: { authorization: SECRETS[1] } },
    });
    child.warn({ err: error, attempt: 2 }, 'refused');
    const text = raw();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const [line] = lines();
    expect(line).toMatchObject({
      user: { email: REDACTED, id: 'user-2' },
      attempt: 2,
      err: {
        message: 'login failed',
        code: 'ECONNREFUSED', // error codes stay readable
        totp: REDACTED,
        request: { headers: { authorization: REDACTED } },
      },
    });
  });

  it('redacts child bindings whatever their values look like, and keeps bindings without sensitive keys', () => {
    const { logger, raw, lines } = capture();
    logger
      .child({ note: 'says "token": here', nested: { 'Client-Secret': SECRETS[2] } })
      .info('escaped text before a secret');
    logger.child({ path: '/a":b', deeper: [{ refresh_token: SECRETS[3] }] }).info('key-like value');
    logger.child({ req: { id: 'r-1', method: 'GET', url: '/api/v1/services' } }).info('plain');
    expect(raw()).not.toContain(SECRETS[2]);
    expect(raw()).not.toContain(SECRETS[3]);
    const [escaped, keyLike, plain] = lines();
    expect(escaped).toMatchObject({ note: 'says "token": here', nested: { 'Client-Secret': REDACTED } });
    expect(keyLike).toMatchObject({ path: '/a":b', deeper: [{ refresh_token: REDACTED }] });
    expect(plain).toMatchObject({ req: { id: 'r-1', method: 'GET', url: '/api/v1/services' } });
  });

  it('does not change the logged objects, and survives cycles and very deep nesting', () => {
    const { logger, raw } = capture();
    const payload: Record<string, unknown> = { user: { email: SECRETS[0] } };
    payload.self = payload;
    let deep: Record<string, unknown> = { email: SECRETS[0] };
    for (let i = 0; i < 30; i++) deep = { next: deep };
    logger.info({ payload, deep }, 'odd shapes');
    expect(raw()).not.toContain(SECRETS[0]);
    expect((payload.user as { email: string }).email).toBe(SECRETS[0]);
  });

  it('keeps objects without sensitive keys as they are', () => {
    const value = { a: 1, b: { c: [1, 2, { d: 'x' }] } };
    expect(redactDeep(value)).toBe(value);
    expect(isSensitiveKey('Client-Secret')).toBe(true);
    expect(isSensitiveKey('set-cookie')).toBe(true);
    expect(isSensitiveKey('emailVerified')).toBe(false);
  });
});

describe('request logging (real pino-http on a real server)', () => {
  it('leaves out probes and scrapes, also their 503, and logs the rest at its level', async () => {
    const { logger, lines } = capture('info');
    const log = pinoHttp({
      logger,
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: isProbe },
    });
    const server = createServer((req, res) => {
      // what Nest's middleware sees under Fastify (middie): the path in originalUrl, url relative to "/"
      const mounted = Object.assign(req, { originalUrl: req.url });
      mounted.url = '/';
      log(mounted, res);
      const status = Number(
        new URL(mounted.originalUrl ?? '/', 'http://x').searchParams.get('status') ?? 200,
      );
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of [
        '/health/ready?status=503',
        '/health/live',
        '/api/v1/health?status=503',
        '/metrics',
        '/applications?status=500',
        '/applications/x?status=404',
        '/healthy-looking-but-not-a-probe',
      ]) {
        await (await fetch(`${base}${path}`)).arrayBuffer();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lines().map((line) => [(line.res as { statusCode: number }).statusCode, line.level])).toEqual([
        [500, 'error'],
        [404, 'warn'],
        [200, 'info'],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the services' log destination (buffered, asynchronous)", () => {
  it('writes a line out within the flush interval without waiting for more, and everything on end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'log-'));
    const file = path.join(dir, 'service.log');
    const fd = openSync(file, 'w');
    const destination = bufferedDestination(fd);
    const logger = pino(pinoOptions('gateway', 'info'), destination);
    try {
      logger.info({ requestId: 'r-1' }, 'first');
      // buffered: not yet on disk (one synchronous write per line is what this replaces)
      expect(readFileSync(file, 'utf8')).toBe('');
      await sleep(LOG_FLUSH_MS * 3);
      expect(readFileSync(file, 'utf8')).toContain('"msg":"first"');
      for (let i = 0; i < 50; i += 1) logger.warn({ i }, 'many');
      await new Promise<void>((resolve) => {
        destination.on('close', () => resolve());
        destination.end();
      });
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(51);
      expect(JSON.parse(lines[50]!)).toMatchObject({ level: 'warn', i: 49, service: 'gateway' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
