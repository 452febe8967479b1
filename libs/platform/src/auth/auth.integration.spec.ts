// Boots real Nest apps on Fastify against a real JWKS server over HTTP and proves what the auth guards let
// through and what they refuse.
import { Controller, type DynamicModule, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import * as jwt from 'jsonwebtoken';
import {
  createHmac,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign as cryptoSign,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthModule,
  type AuthModuleOptions,
  type AuthUser,
  CurrentUser,
  Public,
  Roles,
  Scopes,
} from './index';

const ISSUER = 'https://identity.test';
const AUDIENCE = 'applications';

// ---------------------------------------------------------------------------------------------------------
// Keys, tokens and a JWKS server

interface TestKey {
  kid: string;
  alg: 'ES256' | 'RS256' | 'EdDSA';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function ecKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg: 'ES256', privateKey, publicKey };
}

function rsaKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg: 'RS256', privateKey, publicKey };
}

function edKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, alg: 'EdDSA', privateKey, publicKey };
}

function jwkOf(key: TestKey): JsonWebKey {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: key.alg, use: 'sig' };
}

const now = (): number => Math.floor(Date.now() / 1000);

type Claims = Record<string, unknown>;

/** identity's usual claims, with `overrides` applied; an override of `undefined` removes the claim. */
function claims(overrides: Claims = {}): Claims {
  const all: Claims = {
    sub: 'user-1',
    typ: 'user',
    roles: ['citizen'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 300,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

/** A token signed by `key` the way identity signs (jsonwebtoken, kid in the header). */
function signToken(key: TestKey, overrides: Claims = {}, header: { kid?: string } = {}): string {
  if (key.alg === 'EdDSA') throw new Error('use rawToken for EdDSA');
  return jwt.sign(claims(overrides), key.privateKey, { algorithm: key.alg, keyid: header.kid ?? key.kid });
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS built by hand, for what jsonwebtoken refuses to produce. */
function rawToken(header: Claims, payload: Claims, signature: (signingInput: string) => string): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${signature(signingInput)}`;
}

/** A real HTTP server publishing a JWKS that tests can change, counting the fetches. */
class JwksServer {
  keys: JsonWebKey[] = [];
  fetches = 0;
  status = 200;
  /** how long each answer takes */
  delayMs = 0;
  private readonly server: Server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.statusCode = 404;
      response.end();
      return;
    }
    this.fetches += 1;
    // what identity had published when the request arrived, answered after `delayMs`
    const [status, body] = [this.status, JSON.stringify({ keys: this.keys })];
    setTimeout(() => {
      response.statusCode = status;
      response.setHeader('content-type', 'application/json');
      response.end(body);
    }, this.delayMs);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }
}

// ---------------------------------------------------------------------------------------------------------
// A test app

@Controller()
class TestController {
  @Public()
  @Get('public')
  publicRoute(@CurrentUser({ optional: true }) user: AuthUser | undefined): { user: AuthUser | null } {
    return { user: user ?? null };
  }

  @Public()
  @Get('public-strict')
  publicStrict(@CurrentUser() user: AuthUser): { user: AuthUser } {
    return { user };
  }

  @Get('protected')
  protectedRoute(@CurrentUser() user: AuthUser): { user: AuthUser } {
    return { user };
  }

  /** protected, but does not read the user: only the JWT guard stands in the way */
  @Get('plain')
  plainRoute(): { ok: true } {
    return { ok: true };
  }

  @Roles('clerk')
  @Get('clerk')
  clerkRoute(@CurrentUser() user: AuthUser): { id: string } {
    return { id: user.id };
  }

  @Roles('citizen')
  @Get('citizen')
  citizenRoute(): { ok: true } {
    return { ok: true };
  }

  @Scopes('applications:read')
  @Get('scoped')
  scopedRoute(@CurrentUser() user: AuthUser): { id: string } {
    return { id: user.id };
  }

  @Roles('clerk')
  @Scopes('applications:read')
  @Get('combined')
  combinedRoute(): { ok: true } {
    return { ok: true };
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get()
  open(): { ok: true } {
    return { ok: true };
  }
}

@Roles('admin')
@Controller('admin')
class AdminController {
  @Get()
  admin(): { ok: true } {
    return { ok: true };
  }

  @Roles('supervisor')
  @Get('stats')
  stats(): { ok: true } {
    return { ok: true };
  }
}

async function bootApp(auth: DynamicModule): Promise<NestFastifyApplication> {
  @Module({ imports: [auth], controllers: [TestController, OpenController, AdminController] })
  class TestAppModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TestAppModule, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function get(app: NestFastifyApplication, url: string, token?: string): Promise<Answer> {
  const response = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.body === '' ? undefined : response.json() };
}

function options(jwksUrl: string, extra: Partial<AuthModuleOptions> = {}): AuthModuleOptions {
  return { jwksUrl, issuer: ISSUER, audience: AUDIENCE, ...extra };
}

// ---------------------------------------------------------------------------------------------------------

describe('AuthModule on a real Fastify app', () => {
  const jwks = new JwksServer();
  const keyA = ecKey('key-a');
  const rsa = rsaKey('key-rsa');
  let app: NestFastifyApplication;

  beforeAll(async () => {
    jwks.keys = [jwkOf(keyA), jwkOf(rsa)];
    const url = await jwks.start();
    app = await bootApp(AuthModule.forRoot(options(url, { jwksRefreshIntervalMs: 0 })));
  });

  afterAll(async () => {
    await app?.close();
    await jwks.stop();
  });

  describe('authentication', () => {
    it('accepts a valid ES256 token and attaches the user', async () => {
      const answer = await get(app, '/protected', signToken(keyA));
      expect(answer.status).toBe(200);
      expect(answer.body.user).toEqual({ id: 'user-1', kind: 'user', roles: ['citizen'], scopes: [] });
    });

    it('accepts a valid RS256 token', async () => {
      expect((await get(app, '/protected', signToken(rsa))).status).toBe(200);
    });

    it('accepts a token whose aud list contains the audience', async () => {
      const token = signToken(keyA, { aud: ['gateway', AUDIENCE] });
      expect((await get(app, '/protected', token)).status).toBe(200);
    });

    it('answers 401 with the unauthorized problem type without a token', async () => {
      expect(await get(app, '/plain', signToken(keyA))).toEqual({ status: 200, body: { ok: true } });
      expect((await get(app, '/plain')).status).toBe(401);
      const answer = await get(app, '/protected');
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ type: 'unauthorized', title: 'Not logged in' });
      expect(typeof answer.body.detail).toBe('string');
    });

    it('answers 401 for another scheme than Bearer', async () => {
      const answer = await app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: '/protected', headers: { authorization: `Basic ${signToken(keyA)}` } });
      expect(answer.statusCode).toBe(401);
    });

    it('answers 401 for garbage', async () => {
      expect((await get(app, '/protected', 'not-a-jwt')).status).toBe(401);
    });

    it('answers 401 for an expired token, saying so', async () => {
      const answer = await get(app, '/protected', signToken(keyA, { iat: now() - 600, exp: now() - 60 }));
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ type: 'unauthorized', detail: 'The access token has expired.' });
    });

    it('tolerates a little clock skew on exp (default 5 s)', async () => {
      expect((await get(app, '/protected', signToken(keyA, { exp: now() - 1 }))).status).toBe(200);
    });

    it('answers 401 for a token that is not valid yet', async () => {
      expect((await get(app, '/protected', signToken(keyA, { nbf: now() + 120 }))).status).toBe(401);
    });

    it('answers 401 for a token without exp', async () => {
      expect((await get(app, '/protected', signToken(keyA, { exp: undefined }))).status).toBe(401);
    });

    it('answers 401 for a wrong issuer', async () => {
      expect((await get(app, '/protected', signToken(keyA, { iss: 'https://evil.test' }))).status).toBe(401);
    });

    it('answers 401 for a token without issuer', async () => {
      expect((await get(app, '/protected', signToken(keyA, { iss: undefined }))).status).toBe(401);
    });

    it('answers 401 for a wrong audience', async () => {
      expect((await get(app, '/protected', signToken(keyA, { aud: 'appointments' }))).status).toBe(401);
    });

    it('answers 401 for malformed claims (no typ, unknown typ, no sub)', async () => {
      expect((await get(app, '/protected', signToken(keyA, { typ: undefined }))).status).toBe(401);
      expect((await get(app, '/protected', signToken(keyA, { typ: 'admin' }))).status).toBe(401);
      expect((await get(app, '/protected', signToken(keyA, { sub: undefined }))).status).toBe(401);
      expect((await get(app, '/protected', signToken(keyA, { roles: 'admin' }))).status).toBe(401);
    });

    it('answers 401 for alg none, with or without a kid', async () => {
      const fetches = jwks.fetches;
      const withKid = rawToken({ alg: 'none', typ: 'JWT', kid: keyA.kid }, claims(), () => '');
      const withoutKid = rawToken({ alg: 'none', typ: 'JWT' }, claims(), () => '');
      expect((await get(app, '/protected', withKid)).status).toBe(401);
      expect((await get(app, '/protected', withoutKid)).status).toBe(401);
      // `none` with a valid-looking signature part as well
      const withSig = rawToken({ alg: 'none', kid: keyA.kid }, claims(), () => 'c2ln');
      expect((await get(app, '/protected', withSig)).status).toBe(401);
      expect(jwks.fetches).toBe(fetches);
    });

    it('answers 401 for HS256 signed with the public key as the secret (algorithm confusion)', async () => {
      const fetches = jwks.fetches;
      for (const secret of [
        keyA.publicKey.export({ format: 'pem', type: 'spki' }),
        JSON.stringify(jwkOf(keyA)),
        rsa.publicKey.export({ format: 'pem', type: 'spki' }),
      ]) {
        for (const kid of [keyA.kid, rsa.kid]) {
          const token = rawToken({ alg: 'HS256', typ: 'JWT', kid }, claims({ roles: ['admin'] }), (input) =>
            createHmac('sha256', secret).update(input).digest('base64url'),
          );
          expect((await get(app, '/protected', token)).status).toBe(401);
        }
      }
      expect(jwks.fetches).toBe(fetches);
    });

    it('answers 401 for an ES256 header on the RSA key and an RS256 header on the EC key', async () => {
      const esOnRsaKid = signToken(ecKey('x'), {}, { kid: rsa.kid });
      const rsOnEcKid = signToken(rsaKey('y'), {}, { kid: keyA.kid });
      expect((await get(app, '/protected', esOnRsaKid)).status).toBe(401);
      expect((await get(app, '/protected', rsOnEcKid)).status).toBe(401);
    });

    it('answers 401 for a token signed by another key under a known kid', async () => {
      const impostor = ecKey(keyA.kid);
      expect((await get(app, '/protected', signToken(impostor, { roles: ['admin'] }))).status).toBe(401);
      expect((await get(app, '/clerk', signToken(impostor, { roles: ['admin'] }))).status).toBe(401);
    });

    it('answers 401 for a tampered payload', async () => {
      const [header, , signature] = signToken(keyA).split('.');
      const tampered = `${header}.${b64url(claims({ roles: ['admin'] }))}.${signature}`;
      expect((await get(app, '/clerk', tampered)).status).toBe(401);
    });

    it('answers 401 for a token without kid', async () => {
      const token = jwt.sign(claims(), keyA.privateKey, { algorithm: 'ES256' });
      expect((await get(app, '/protected', token)).status).toBe(401);
    });

    it('refuses EdDSA (jsonwebtoken cannot verify it), even with its key in the JWKS', async () => {
      const ed = edKey('key-ed');
      jwks.keys = [...jwks.keys, jwkOf(ed)];
      const token = rawToken({ alg: 'EdDSA', typ: 'JWT', kid: ed.kid }, claims(), (input) =>
        cryptoSign(null, Buffer.from(input), ed.privateKey).toString('base64url'),
      );
      expect((await get(app, '/protected', token)).status).toBe(401);
      jwks.keys = jwks.keys.filter((key) => key.kid !== ed.kid);
    });
  });

  describe('JWKS caching and key rotation', () => {
    it('fetches the JWKS once per kid, not per request', async () => {
      await get(app, '/protected', signToken(keyA));
      const fetches = jwks.fetches;
      for (let i = 0; i < 5; i += 1) {
        expect((await get(app, '/protected', signToken(keyA))).status).toBe(200);
      }
      expect(jwks.fetches).toBe(fetches);
    });

    it('refetches once for an unknown kid and accepts the rotated key', async () => {
      await get(app, '/protected', signToken(keyA)); // key-a is cached
      const rotated = ecKey(`key-${randomUUID()}`);
      const token = signToken(rotated, { roles: ['clerk'] });

      // not published yet: one refetch, then refused
      let fetches = jwks.fetches;
      expect((await get(app, '/protected', token)).status).toBe(401);
      expect(jwks.fetches).toBe(fetches + 1);

      // identity publishes the new key: the next unknown-kid lookup refetches and accepts
      jwks.keys = [...jwks.keys, jwkOf(rotated)];
      fetches = jwks.fetches;
      expect((await get(app, '/protected', token)).status).toBe(200);
      expect(jwks.fetches).toBe(fetches + 1);

      // and from now on it is cached, as is the old key
      fetches = jwks.fetches;
      expect((await get(app, '/clerk', token)).status).toBe(200);
      expect((await get(app, '/protected', signToken(keyA))).status).toBe(200);
      expect(jwks.fetches).toBe(fetches);
    });

    it('shares one fetch between concurrent requests with the same unknown kid', async () => {
      const stranger = ecKey(`key-${randomUUID()}`);
      const token = signToken(stranger);
      const fetches = jwks.fetches;
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(app, '/protected', token)));
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 401));
      expect(jwks.fetches).toBe(fetches + 1);
    });
  });

  describe('public routes', () => {
    it('lets anonymous callers in, without a user', async () => {
      expect(await get(app, '/public')).toEqual({ status: 200, body: { user: null } });
      expect(await get(app, '/open')).toEqual({ status: 200, body: { ok: true } });
    });

    it('still verifies a token that is sent and attaches the user', async () => {
      const answer = await get(app, '/public', signToken(keyA, { sub: 'u-7', email: 'a@b.de' }));
      expect(answer).toEqual({
        status: 200,
        body: { user: { id: 'u-7', kind: 'user', roles: ['citizen'], scopes: [], email: 'a@b.de' } },
      });
    });

    it('answers 401 for an invalid token, so the client notices', async () => {
      expect((await get(app, '/public', signToken(keyA, { exp: now() - 60 }))).status).toBe(401);
      expect((await get(app, '/open', signToken(ecKey(keyA.kid)))).status).toBe(401);
      expect((await get(app, '/public', 'garbage')).status).toBe(401);
    });

    it('answers 401 when a public handler asks for a non-optional user that is not there', async () => {
      expect((await get(app, '/public-strict')).status).toBe(401);
      expect((await get(app, '/public-strict', signToken(keyA))).status).toBe(200);
    });
  });

  describe('roles', () => {
    const asRole = (role: string): string => signToken(keyA, { roles: [role] });

    it('answers 403 with the forbidden problem type to a citizen on a clerk route', async () => {
      const answer = await get(app, '/clerk', asRole('citizen'));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ type: 'forbidden', title: 'Not allowed' });
    });

    it.each(['clerk', 'supervisor', 'admin'])('admits a %s to a clerk route', async (role) => {
      expect(await get(app, '/clerk', asRole(role))).toEqual({ status: 200, body: { id: 'user-1' } });
    });

    it('answers 401 to an anonymous caller on a role route', async () => {
      expect((await get(app, '/clerk')).status).toBe(401);
    });

    it('answers 403 to a user without roles or with unknown roles', async () => {
      expect((await get(app, '/clerk', signToken(keyA, { roles: undefined }))).status).toBe(403);
      expect((await get(app, '/clerk', signToken(keyA, { roles: ['superuser', 'root'] }))).status).toBe(403);
    });

    it('does not let staff act as citizens on citizen-only routes', async () => {
      expect((await get(app, '/citizen', asRole('citizen'))).status).toBe(200);
      expect((await get(app, '/citizen', asRole('admin'))).status).toBe(403);
    });

    it('applies controller-level roles, overridden by handler-level ones', async () => {
      expect((await get(app, '/admin', asRole('supervisor'))).status).toBe(403);
      expect((await get(app, '/admin', asRole('admin'))).status).toBe(200);
      expect((await get(app, '/admin/stats', asRole('supervisor'))).status).toBe(200);
      expect((await get(app, '/admin/stats', asRole('clerk'))).status).toBe(403);
    });

    it('ignores roles in a machine client token', async () => {
      const token = signToken(keyA, { typ: 'client', sub: 'client-1', roles: ['admin'] });
      expect((await get(app, '/clerk', token)).status).toBe(403);
    });
  });

  describe('scopes', () => {
    const client = (scope?: string): string =>
      signToken(keyA, { typ: 'client', sub: 'client-1', roles: undefined, scope });

    it('admits a client with the scope', async () => {
      expect(await get(app, '/scoped', client('catalogue:read applications:read'))).toEqual({
        status: 200,
        body: { id: 'client-1' },
      });
    });

    it('answers 403 to a client without the scope', async () => {
      const answer = await get(app, '/scoped', client('catalogue:read applications:write'));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ type: 'forbidden' });
      expect((await get(app, '/scoped', client())).status).toBe(403);
    });

    it('answers 403 to people, whatever their roles or scope claim', async () => {
      expect((await get(app, '/scoped', signToken(keyA, { roles: ['admin'] }))).status).toBe(403);
      const personWithScope = signToken(keyA, { roles: ['clerk'], scope: 'applications:read' });
      expect((await get(app, '/scoped', personWithScope)).status).toBe(403);
    });
  });

  describe('roles and scopes together', () => {
    it('admits a person with the role or a client with the scope, nobody else', async () => {
      const client = (scope: string): string =>
        signToken(keyA, { typ: 'client', sub: 'c', roles: undefined, scope });
      expect((await get(app, '/combined', signToken(keyA, { roles: ['clerk'] }))).status).toBe(200);
      expect((await get(app, '/combined', signToken(keyA, { roles: ['admin'] }))).status).toBe(200);
      expect((await get(app, '/combined', client('applications:read'))).status).toBe(200);
      expect((await get(app, '/combined', signToken(keyA, { roles: ['citizen'] }))).status).toBe(403);
      expect((await get(app, '/combined', client('catalogue:read'))).status).toBe(403);
      expect((await get(app, '/combined')).status).toBe(401);
    });
  });

  describe('@CurrentUser()', () => {
    it('gives a staff member with locations and e-mail', async () => {
      const token = signToken(keyA, {
        sub: 'staff-9',
        roles: ['supervisor', 'clerk'],
        locationIds: ['loc-1', 'loc-2'],
        email: 'staff@esslingen.de',
        jti: 'jti-1',
      });
      expect((await get(app, '/protected', token)).body.user).toEqual({
        id: 'staff-9',
        kind: 'user',
        roles: ['supervisor', 'clerk'],
        scopes: [],
        locationIds: ['loc-1', 'loc-2'],
        email: 'staff@esslingen.de',
      });
    });

    it('gives a machine client with its known scopes and no roles', async () => {
      const token = signToken(keyA, {
        sub: 'client-3',
        typ: 'client',
        roles: undefined,
        scope: 'applications:read unknown:scope applications:write',
      });
      expect((await get(app, '/protected', token)).body.user).toEqual({
        id: 'client-3',
        kind: 'client',
        roles: [],
        scopes: ['applications:read', 'applications:write'],
      });
    });
  });
});

describe('AuthModule: tokens with junk kids (refetch storms)', () => {
  const INTERVAL_MS = 500;
  const CACHE_MS = 2000;
  const jwks = new JwksServer();
  const key = ecKey('key-storm');
  let app: NestFastifyApplication;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  /** a well-formed token with the right issuer and audience, signed by a key identity never published */
  const junk = (): string => signToken(ecKey(`junk-${randomUUID()}`));
  const flood = (count: number): Promise<Answer[]> =>
    Promise.all(Array.from({ length: count }, () => get(app, '/protected', junk())));

  beforeAll(async () => {
    jwks.keys = [jwkOf(key)];
    const url = await jwks.start();
    app = await bootApp(
      AuthModule.forRoot(options(url, { jwksRefreshIntervalMs: INTERVAL_MS, jwksCacheMaxAgeMs: CACHE_MS })),
    );
  });

  afterAll(async () => {
    await app?.close();
    await jwks.stop();
  });

  it('refuses a token without kid even when the JWKS has a single key', async () => {
    const token = jwt.sign(claims(), key.privateKey, { algorithm: 'ES256' });
    expect((await get(app, '/protected', token)).status).toBe(401);
    expect(jwks.fetches).toBe(0);
  });

  it('refuses unknown kids whose claims cannot pass without any fetch (issuer, audience, expiry)', async () => {
    expect((await get(app, '/protected', signToken(key))).status).toBe(200);
    const fetches = jwks.fetches;
    const other = ecKey(`junk-${randomUUID()}`);
    for (const overrides of [
      { iss: 'https://evil.test' },
      { aud: 'other' },
      { exp: now() - 60 },
      { exp: undefined },
    ]) {
      expect((await get(app, '/protected', signToken(other, overrides))).status).toBe(401);
    }
    expect(jwks.fetches).toBe(fetches);
  });

  it('shares one fetch per interval among all unknown kids, and never holds up known ones', async () => {
    await sleep(INTERVAL_MS);
    const started = Date.now();
    const fetches = jwks.fetches;
    expect((await flood(20)).every((answer) => answer.status === 401)).toBe(true);
    // the next wave waits for the next slot; a known key is answered meanwhile
    let waveDone = false;
    const wave = flood(50).then((answers) => {
      waveDone = true;
      return answers;
    });
    expect((await get(app, '/protected', signToken(key))).status).toBe(200);
    expect(waveDone).toBe(false);
    const more: Promise<Answer[]>[] = [];
    for (let i = 0; i < 8; i += 1) {
      more.push(flood(25));
      await sleep(100);
    }
    const answers = [...(await wave), ...(await Promise.all(more)).flat()];
    expect(answers.every((answer) => answer.status === 401)).toBe(true);
    // 270 tokens with unknown kids: no more fetches than intervals began
    expect(jwks.fetches - fetches).toBeLessThanOrEqual(Math.floor((Date.now() - started) / INTERVAL_MS) + 1);
    expect(jwks.fetches - fetches).toBeGreaterThanOrEqual(1);
  });

  it('accepts a key identity rotated to on its first token, however much junk came just before', async () => {
    // junk has just spent a fetch, and more is waiting
    const pending = flood(30);
    await sleep(20);
    const before = flood(30);
    // identity rotates: publishes the new key, then signs with it at once
    const rotated = ecKey(`key-${randomUUID()}`);
    jwks.keys = [...jwks.keys, jwkOf(rotated)];
    expect((await get(app, '/protected', signToken(rotated))).status).toBe(200);
    expect((await get(app, '/protected', signToken(key))).status).toBe(200);
    expect([...(await pending), ...(await before)].every((answer) => answer.status === 401)).toBe(true);
  });

  it('does not answer an unknown kid from a fetch that began before the key was published', async () => {
    jwks.delayMs = 200;
    try {
      await sleep(INTERVAL_MS);
      const inFlight = flood(5); // starts a fetch that reads the old set
      await sleep(50);
      const rotated = ecKey(`key-${randomUUID()}`);
      jwks.keys = [...jwks.keys, jwkOf(rotated)];
      expect((await get(app, '/protected', signToken(rotated))).status).toBe(200);
      await inFlight;
    } finally {
      jwks.delayMs = 0;
    }
  });

  it('fetches the expired key set again for a known kid while junk keeps coming', async () => {
    const fetchesAtStart = jwks.fetches;
    const started = Date.now();
    const junkAnswers: Promise<Answer[]>[] = [];
    // junk for longer than the cache lives, with a real token now and then
    while (Date.now() - started < CACHE_MS + 500) {
      junkAnswers.push(flood(10));
      expect((await get(app, '/protected', signToken(key))).status).toBe(200);
      await sleep(50);
    }
    await Promise.all(junkAnswers);
    // junk: at most one fetch per interval; expiry: at most one per cache lifetime
    const elapsed = Date.now() - started;
    const bound = Math.floor(elapsed / INTERVAL_MS) + 1 + Math.floor(elapsed / CACHE_MS) + 1;
    expect(jwks.fetches - fetchesAtStart).toBeLessThanOrEqual(bound);
  });

  it('drops a key that identity no longer publishes once the set expires', async () => {
    const gone = ecKey(`key-${randomUUID()}`);
    jwks.keys = [jwkOf(key), jwkOf(gone)];
    expect((await get(app, '/protected', signToken(gone))).status).toBe(200);
    jwks.keys = [jwkOf(key)];
    await sleep(CACHE_MS + 100);
    expect((await get(app, '/protected', signToken(gone))).status).toBe(401);
    expect((await get(app, '/protected', signToken(key))).status).toBe(200);
  });
});

describe('AuthModule: JWKS unavailable', () => {
  const jwks = new JwksServer();
  const key = ecKey('key-down');
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    jwks.keys = [jwkOf(key)];
    url = await jwks.start();
    app = await bootApp(AuthModule.forRoot(options(url, { jwksTimeoutMs: 1000, jwksRefreshIntervalMs: 0 })));
  });

  afterAll(async () => {
    await app?.close();
    await jwks.stop().catch(() => undefined);
  });

  it('answers 503 (not 401) when identity answers the JWKS with an error', async () => {
    jwks.status = 500;
    const answer = await get(app, '/protected', signToken(key));
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ type: 'service-unavailable' });
    jwks.status = 200;
    expect((await get(app, '/protected', signToken(key))).status).toBe(200);
  });

  it('answers 503 when identity cannot be reached, still 401 without a token', async () => {
    await jwks.stop();
    const unknownKid = signToken(ecKey('key-new'));
    expect((await get(app, '/protected', unknownKid)).status).toBe(503);
    expect((await get(app, '/protected')).status).toBe(401);
    // a key fetched before stays usable while identity is away
    expect((await get(app, '/protected', signToken(key))).status).toBe(200);
  });
});

describe('AuthModule.forRootAsync', () => {
  const CONFIG = Symbol('CONFIG');
  const jwks = new JwksServer();
  const key = ecKey('key-async');
  let appointments: NestFastifyApplication;
  let applications: NestFastifyApplication;

  beforeAll(async () => {
    jwks.keys = [jwkOf(key)];
    const url = await jwks.start();

    @Module({
      providers: [{ provide: CONFIG, useValue: { JWKS_URL: url, ISSUER, AUDIENCE: 'appointments' } }],
      exports: [CONFIG],
    })
    class FakeConfigModule {}

    appointments = await bootApp(
      AuthModule.forRootAsync({
        imports: [FakeConfigModule],
        inject: [CONFIG],
        useFactory: (config: { JWKS_URL: string; ISSUER: string; AUDIENCE: string }) => ({
          jwksUrl: config.JWKS_URL,
          issuer: config.ISSUER,
          audience: config.AUDIENCE,
        }),
      }),
    );
    // A second app in the same process, with another audience: neither may see the other's settings.
    applications = await bootApp(AuthModule.forRoot(options(url)));
  });

  afterAll(async () => {
    await appointments?.close();
    await applications?.close();
    await jwks.stop();
  });

  it('takes its options from an injected provider', async () => {
    expect((await get(appointments, '/protected', signToken(key, { aud: 'appointments' }))).status).toBe(200);
    expect((await get(appointments, '/protected', signToken(key))).status).toBe(401);
  });

  it('keeps two apps in one process apart', async () => {
    expect((await get(applications, '/protected', signToken(key))).status).toBe(200);
    expect((await get(applications, '/protected', signToken(key, { aud: 'appointments' }))).status).toBe(401);
    expect((await get(appointments, '/protected', signToken(key, { aud: 'appointments' }))).status).toBe(200);
  });

  it('refuses to boot with invalid options', async () => {
    const bad = AuthModule.forRootAsync({
      useFactory: () => ({ jwksUrl: 'nope', issuer: ISSUER, audience: 'x' }),
    });
    await expect(bootApp(bad)).rejects.toThrow(/jwksUrl/);
  });
});

describe('verified tokens are remembered while their key is current', () => {
  const jwks = new JwksServer();
  const keyA = ecKey('key-a');
  const keyB = ecKey('key-b');
  const keyC = ecKey('key-c');
  const apps: NestFastifyApplication[] = [];
  let url: string;

  beforeAll(async () => {
    url = await jwks.start();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await jwks.stop();
  });

  // by default the key set is fetched again on every lookup (max age 0), so a withdrawn key is noticed at
  // once by anything that still verifies
  async function appWith(
    verifiedTokenCacheMs: number,
    jwksCacheMaxAgeMs = 0,
  ): Promise<NestFastifyApplication> {
    const app = await bootApp(
      AuthModule.forRoot(options(url, { jwksCacheMaxAgeMs, jwksRefreshIntervalMs: 0, verifiedTokenCacheMs })),
    );
    apps.push(app);
    return app;
  }

  it('answers a token that verified from memory, until the key store no longer has its key', async () => {
    jwks.keys = [jwkOf(keyA), jwkOf(keyB)];
    const app = await appWith(600_000, 60_000);
    const token = signToken(keyA);
    expect((await get(app, '/protected', token)).status).toBe(200);
    const fetches = jwks.fetches;
    expect((await get(app, '/protected', token)).status).toBe(200);
    expect(jwks.fetches).toBe(fetches);
    // a forged variant of the remembered token is a different string: verified, and refused
    const [header, payload] = token.split('.');
    expect((await get(app, '/protected', `${header}.${payload}.${'A'.repeat(86)}`)).status).toBe(401);
    // identity withdraws key A and signs with a new key C: C's first token makes the store fetch the set,
    // and from then on the remembered token of A is refused like every other token of A
    jwks.keys = [jwkOf(keyB), jwkOf(keyC)];
    expect((await get(app, '/protected', signToken(keyC, { sub: 'user-3' }))).status).toBe(200);
    expect(jwks.fetches).toBe(fetches + 1);
    expect((await get(app, '/protected', token)).status).toBe(401);
    expect((await get(app, '/protected', signToken(keyA, { sub: 'user-2' }))).status).toBe(401);
  });

  it('verifies a remembered token again when the key set is due to be fetched again', async () => {
    jwks.keys = [jwkOf(keyA), jwkOf(keyB)];
    const app = await appWith(600_000, 0);
    const token = signToken(keyA);
    expect((await get(app, '/protected', token)).status).toBe(200);
    const fetches = jwks.fetches;
    jwks.keys = [jwkOf(keyB)];
    expect((await get(app, '/protected', token)).status).toBe(401);
    expect(jwks.fetches).toBeGreaterThan(fetches);
  });

  it('verifies every time with verifiedTokenCacheMs 0', async () => {
    jwks.keys = [jwkOf(keyA), jwkOf(keyB)];
    const app = await appWith(0);
    const token = signToken(keyA);
    expect((await get(app, '/protected', token)).status).toBe(200);
    jwks.keys = [jwkOf(keyB)];
    expect((await get(app, '/protected', token)).status).toBe(401);
  });
});
