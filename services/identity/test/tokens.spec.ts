import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { KeysService } from '../src/keys/keys.service';
import { HousekeepingProcessor } from '../src/housekeeping/housekeeping.processor';
import { IdentityHarness } from './support/identity';

const PASSWORD = 'Stadtbücherei-Esslingen-1';

interface Jwk {
  kid: string;
  kty: string;
  crv: string;
  x: string;
  y: string;
  alg: string;
  use: string;
  d?: string;
}

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens and signing keys (real Postgres and Redis)', () => {
  let h: IdentityHarness;
  let userId: string;

  beforeAll(async () => {
    h = await IdentityHarness.boot();
    userId = await h.citizen('token@example.org');
  });

  afterAll(async () => {
    await h?.close();
  });

  const jwks = async (): Promise<Jwk[]> => {
    const res = await h.inject('/auth/jwks');
    expect(res.statusCode).toBe(200);
    return res.json<{ keys: Jwk[] }>().keys;
  };

  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: userId,
      typ: 'user',
      roles: ['citizen'],
      iss: h.config.JWT_ISSUER,
      aud: h.config.JWT_AUDIENCE,
      iat: now,
      exp: now + 600,
      ...overrides,
    };
  };

  it('issues ES256 JWTs with the kid of a published key and the AccessTokenClaims', async () => {
    const token = await h.accessToken('token@example.org', PASSWORD);
    const { header, payload } = decode(token);
    expect(header).toEqual({ alg: 'ES256', kid: expect.any(String), typ: 'JWT' });
    const keys = await jwks();
    expect(keys.map((k) => k.kid)).toContain(header.kid);
    expect(keys.every((k) => k.d === undefined)).toBe(true); // no private parts
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(payload).toEqual({
      sub: userId,
      typ: 'user',
      roles: ['citizen'],
      email: 'token@example.org',
      iss: 'http://localhost:8080',
      aud: 'buergeramt',
      iat: expect.any(Number),
      exp: (payload.iat as number) + 600,
      jti: expect.any(String),
    });
    // and the platform auth strategy accepts it, fetching identity's JWKS over HTTP
    expect((await h.as(token, 'GET', '/me')).statusCode).toBe(200);
  });

  it('keeps private keys encrypted at rest', async () => {
    const rows = await h.query<{ private_key: string }>(`SELECT private_key FROM ${h.table('signing_keys')}`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_key).toMatch(/^v1\./);
      expect(row.private_key).not.toContain('PRIVATE KEY');
    }
  });

  describe('forged tokens are refused by the platform auth strategy', () => {
    let kid: string;
    let publicPem: string;

    beforeAll(async () => {
      const token = await h.accessToken('token@example.org', PASSWORD);
      kid = decode(token).header.kid as string;
      const jwk = (await jwks()).find((k) => k.kid === kid)!;
      publicPem = createPublicKey({ key: jwk as never, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
    });

    it('accepts a token signed with the real key (control)', async () => {
      const token = await h.get(KeysService).sign(claims());
      expect((await h.as(token, 'GET', '/me')).statusCode).toBe(200);
    });

    it('alg: none', async () => {
      const token = `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims())}.`;
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ status: 401, type: 'unauthorized' });
    });

    it('HS256 signed with the public key as the secret', async () => {
      const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims())}`;
      const signature = createHmac('sha256', publicPem).update(unsigned).digest('base64url');
      expect((await h.as(`${unsigned}.${signature}`, 'GET', '/me')).statusCode).toBe(401);
    });

    it('another key under the real kid', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const token = jwt.sign(claims(), privateKey, { algorithm: 'ES256', keyid: kid });
      expect((await h.as(token, 'GET', '/me')).statusCode).toBe(401);
    });

    it('a bad signature (payload changed after signing)', async () => {
      const real = await h.get(KeysService).sign(claims());
      const [header, , signature] = real.split('.');
      const token = `${header}.${b64(claims({ roles: ['admin'] }))}.${signature}`;
      expect((await h.as(token, 'GET', '/me')).statusCode).toBe(401);
    });

    it('a wrong issuer, a wrong audience, an expired time, no kid', async () => {
      const keys = h.get(KeysService);
      const now = Math.floor(Date.now() / 1000);
      for (const token of [
        await keys.sign(claims({ iss: 'https://evil.example' })),
        await keys.sign(claims({ aud: 'another-audience' })),
        await keys.sign(claims({ iat: now - 1200, exp: now - 600 })),
        jwt.sign(claims(), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, {
          algorithm: 'ES256',
        }),
      ]) {
        const res = await h.as(token, 'GET', '/me');
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });
  });

  describe('key rotation', () => {
    it('keeps old tokens valid, publishes both keys, and drops the old one once its tokens have expired', async () => {
      const keys = h.get(KeysService);
      const oldToken = await h.accessToken('token@example.org', PASSWORD);
      const oldKid = decode(oldToken).header.kid as string;

      const newKid = await keys.rotate();
      expect(newKid).not.toBe(oldKid);
      expect((await jwks()).map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());

      const newToken = await h.accessToken('token@example.org', PASSWORD);
      expect(decode(newToken).header.kid).toBe(newKid);
      expect((await h.as(oldToken, 'GET', '/me')).statusCode).toBe(200);
      expect((await h.as(newToken, 'GET', '/me')).statusCode).toBe(200);

      // still published while a token it signed can be valid
      await h.query(
        `UPDATE ${h.table('signing_keys')} SET retired_at = now() - interval '5 minutes' WHERE kid = $1`,
        [oldKid],
      );
      expect((await jwks()).map((k) => k.kid)).toContain(oldKid);
      // later: gone from the JWKS, and deleted by the maintenance job
      await h.query(
        `UPDATE ${h.table('signing_keys')} SET retired_at = now() - interval '2 hours' WHERE kid = $1`,
        [oldKid],
      );
      expect((await jwks()).map((k) => k.kid)).toEqual([newKid]);
      const result = await h.get(HousekeepingProcessor).run();
      expect(result).toEqual({ rotatedTo: null, keysDeleted: 1 });
      expect(await h.query(`SELECT kid FROM ${h.table('signing_keys')}`)).toEqual([{ kid: newKid }]);
    });

    it('rotates when the active key is older than JWT_KEY_ROTATION_DAYS (maintenance job or start)', async () => {
      const [active] = await h.query<{ kid: string }>(
        `SELECT kid FROM ${h.table('signing_keys')} WHERE retired_at IS NULL`,
      );
      await h.query(`UPDATE ${h.table('signing_keys')} SET created_at = now() - interval '31 days'`);
      const { rotatedTo } = await h.get(HousekeepingProcessor).run();
      expect(rotatedTo).toEqual(expect.any(String));
      expect(rotatedTo).not.toBe(active?.kid);
      expect(await h.get(KeysService).rotateIfDue()).toBeNull(); // the new key is young
    });

    it('creates exactly one key when replicas race for it (advisory lock)', async () => {
      await h.query(`DELETE FROM ${h.table('signing_keys')}`);
      const results = await Promise.all(Array.from({ length: 6 }, () => h.get(KeysService).rotateIfDue()));
      expect(results.filter((kid) => kid !== null)).toHaveLength(1);
      const rows = await h.query(`SELECT kid FROM ${h.table('signing_keys')}`);
      expect(rows).toHaveLength(1);
      // and the service signs with it
      expect((await h.as(await h.accessToken('token@example.org', PASSWORD), 'GET', '/me')).statusCode).toBe(
        200,
      );
    });

    it('deletes refresh and one-time tokens that expired more than a day ago, and keeps younger ones', async () => {
      await h.login('token@example.org', PASSWORD);
      await h.login('token@example.org', PASSWORD);
      const refresh = await h.query<{ id: string }>(
        `SELECT id FROM ${h.table('refresh_tokens')} WHERE user_id = $1 ORDER BY id`,
        [userId],
      );
      const [long, recent] = refresh.slice(-2).map((row) => row.id);
      await h.query(
        `UPDATE ${h.table('refresh_tokens')} SET expires_at = now() - interval '25 hours' WHERE id = $1`,
        [long],
      );
      await h.query(
        `UPDATE ${h.table('refresh_tokens')} SET expires_at = now() - interval '23 hours' WHERE id = $1`,
        [recent],
      );
      // the verification link of the registration
      const oneTime = await h.query(`SELECT id FROM ${h.table('one_time_tokens')} WHERE user_id = $1`, [
        userId,
      ]);
      expect(oneTime.length).toBeGreaterThan(0);
      await h.query(
        `UPDATE ${h.table('one_time_tokens')} SET expires_at = now() - interval '25 hours' WHERE user_id = $1`,
        [userId],
      );

      await h.get(HousekeepingProcessor).run();
      const left = (
        await h.query<{ id: string }>(`SELECT id FROM ${h.table('refresh_tokens')} WHERE user_id = $1`, [
          userId,
        ])
      ).map((row) => row.id);
      expect(left).toContain(recent);
      expect(left).not.toContain(long);
      expect(left).toHaveLength(refresh.length - 1);
      expect(
        await h.query(`SELECT id FROM ${h.table('one_time_tokens')} WHERE user_id = $1`, [userId]),
      ).toEqual([]);
    });

    it('schedules the rotation check as a repeatable BullMQ job, under its housekeeping name only', async () => {
      const { Queue } = await import('bullmq');
      const queueOf = (name: string) =>
        new Queue(name, { connection: { url: h.config.REDIS_URL }, prefix: h.config.QUEUE_PREFIX });
      const housekeeping = queueOf('{identity.housekeeping}');
      const former = queueOf('{identity.maintenance}');
      try {
        expect(await housekeeping.getJobSchedulers()).toEqual([
          expect.objectContaining({ key: 'identity-housekeeping-hourly', every: 3600000 }),
        ]);
        // the scheduler of its former name ("maintenance") is removed when it starts
        expect(await former.getJobSchedulers()).toEqual([]);
      } finally {
        await housekeeping.close();
        await former.close();
      }
    });
  });
});
