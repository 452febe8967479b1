import { IdentityHarness, refreshCookieOf } from './support/identity';

const PASSWORD = 'Stadtbücherei-Esslingen-1';
const WRONG = 'Nicht-das-Passwort-1';

describe('lockout and sessions (real Postgres and Redis)', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await IdentityHarness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('lockout', () => {
    it('locks an account for 15 minutes after 5 failed logins within 15 minutes, and tells its owner once', async () => {
      const id = await h.citizen('sperre@example.org');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const res = await h.login('sperre@example.org', WRONG);
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ type: 'invalid-credentials' });
      }
      const locked = await h.login('sperre@example.org', PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['content-type']).toContain('application/problem+json');
      expect(locked.json()).toMatchObject({
        type: 'account-locked',
        status: 429,
        lockedUntil: expect.any(String),
      });
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      const lockedUntil = Date.parse(locked.json<{ lockedUntil: string }>().lockedUntil);
      expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60 * 1000);

      // further attempts, right or wrong, stay refused and do not mail again
      expect((await h.login('sperre@example.org', WRONG)).statusCode).toBe(429);
      const events = await h.events('identity.account-locked', id);
      expect(events).toHaveLength(1);
      expect(events[0]?.data).toEqual({
        userId: id,
        email: 'sperre@example.org',
        givenName: 'Erika',
        locale: 'de',
        lockedUntil: new Date(lockedUntil).toISOString(),
      });

      // 15 minutes later (moved in the database) the right password works again
      await h.query(`UPDATE ${h.table('login_locks')} SET locked_until = now() - interval '1 second'`);
      expect((await h.login('sperre@example.org', PASSWORD)).statusCode).toBe(200);
    });

    it('counts only failures within the window', async () => {
      await h.citizen('fenster@example.org');
      for (let i = 0; i < 4; i++) await h.login('fenster@example.org', WRONG);
      await h.query(`UPDATE ${h.table('login_failures')} SET at = at - interval '16 minutes'`);
      for (let i = 0; i < 4; i++) expect((await h.login('fenster@example.org', WRONG)).statusCode).toBe(401);
      expect((await h.login('fenster@example.org', PASSWORD)).statusCode).toBe(200);
    });

    it('a successful login clears earlier failures', async () => {
      await h.citizen('erfolg@example.org');
      for (let i = 0; i < 4; i++) await h.login('erfolg@example.org', WRONG);
      expect((await h.login('erfolg@example.org', PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) expect((await h.login('erfolg@example.org', WRONG)).statusCode).toBe(401);
      expect((await h.login('erfolg@example.org', PASSWORD)).statusCode).toBe(200);
    });

    it('locks unknown addresses alike (no enumeration), without any mail', async () => {
      const before = (await h.events('identity.account-locked')).length;
      for (let i = 0; i < 5; i++) expect((await h.login('phantom@example.org', WRONG)).statusCode).toBe(401);
      expect((await h.login('phantom@example.org', WRONG)).json()).toMatchObject({ type: 'account-locked' });
      expect(await h.events('identity.account-locked')).toHaveLength(before);
    });

    it('a password reset lifts the lock', async () => {
      await h.citizen('entsperren@example.org');
      for (let i = 0; i < 5; i++) await h.login('entsperren@example.org', WRONG);
      expect((await h.login('entsperren@example.org', PASSWORD)).statusCode).toBe(429);
      await h.post('/auth/password/forgot', { email: 'entsperren@example.org' });
      const { token } = (await h.lastEvent('identity.password-reset-requested', 'entsperren@example.org'))
        .data;
      expect(
        (await h.post('/auth/password/reset', { token, password: 'Wieder-frei-Esslingen' })).statusCode,
      ).toBe(204);
      expect((await h.login('entsperren@example.org', 'Wieder-frei-Esslingen')).statusCode).toBe(200);
    });
  });

  describe('refresh tokens', () => {
    it('the cookie is httpOnly, Secure, SameSite=Strict and limited to the public auth path', async () => {
      await h.citizen('keks@example.org');
      const cookie = refreshCookieOf(await h.login('keks@example.org', PASSWORD));
      const attributes = cookie!.header.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(
        expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/api/v1/auth']),
      );
      expect(cookie!.header).toMatch(/Expires=/);
    });

    it('POST /auth/refresh with the cookie gives a new access token and rotates the refresh token', async () => {
      const id = await h.citizen('rotation@example.org');
      const first = refreshCookieOf(await h.login('rotation@example.org', PASSWORD))!.value;
      const res = await h.inject({
        method: 'POST',
        url: '/auth/refresh',
        headers: { cookie: `buergeramt_refresh=${first}; other=1` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        accessToken: expect.any(String),
        expiresIn: 600,
        user: { id, roles: ['citizen'] },
      });
      const second = refreshCookieOf(res)!.value;
      expect(second).not.toBe(first);
      const me = await h.as(res.json<{ accessToken: string }>().accessToken, 'GET', '/me');
      expect(me.json()).toMatchObject({ id });
      // only hashes at rest
      const stored = await h.query<{ token_hash: string }>(
        `SELECT token_hash FROM ${h.table('refresh_tokens')} WHERE user_id = $1`,
        [id],
      );
      expect(stored.map((r) => r.token_hash)).not.toEqual(expect.arrayContaining([first]));
      expect(stored.map((r) => r.token_hash)).not.toEqual(expect.arrayContaining([second]));
    });

    it('a reused refresh token answers 401 and revokes its whole family, other sessions stay', async () => {
      await h.citizen('dieb@example.org');
      const other = refreshCookieOf(await h.login('dieb@example.org', PASSWORD))!.value;
      const t1 = refreshCookieOf(await h.login('dieb@example.org', PASSWORD))!.value;
      const r2 = await h.post('/auth/refresh', { refreshToken: t1 });
      const t2 = refreshCookieOf(r2)!.value;
      const t3 = refreshCookieOf(await h.post('/auth/refresh', { refreshToken: t2 }))!.value;

      const replay = await h.post('/auth/refresh', { refreshToken: t1 });
      expect(replay.statusCode).toBe(401);
      expect(replay.json()).toMatchObject({ type: 'invalid-refresh-token', status: 401 });
      expect(refreshCookieOf(replay)?.value).toBe(''); // cleared
      // the newest token of the family is dead too
      expect((await h.post('/auth/refresh', { refreshToken: t3 })).statusCode).toBe(401);
      // another login (family) of the same person is untouched
      expect((await h.post('/auth/refresh', { refreshToken: other })).statusCode).toBe(200);
    });

    it('refuses a missing, unknown or expired refresh token with 401', async () => {
      expect((await h.post('/auth/refresh')).json()).toMatchObject({
        type: 'invalid-refresh-token',
        status: 401,
      });
      expect((await h.post('/auth/refresh', { refreshToken: 'made-up' })).statusCode).toBe(401);
      await h.citizen('abgelaufen@example.org');
      const token = refreshCookieOf(await h.login('abgelaufen@example.org', PASSWORD))!.value;
      await h.query(`UPDATE ${h.table('refresh_tokens')} SET expires_at = now() - interval '1 second'`);
      expect((await h.post('/auth/refresh', { refreshToken: token })).statusCode).toBe(401);
    });

    it('POST /auth/logout revokes the session and clears the cookie', async () => {
      await h.citizen('tschuess@example.org');
      const login = await h.login('tschuess@example.org', PASSWORD);
      const token = refreshCookieOf(login)!.value;
      const out = await h.inject({
        method: 'POST',
        url: '/auth/logout',
        headers: {
          cookie: `buergeramt_refresh=${token}`,
          authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}`,
        },
      });
      expect(out.statusCode).toBe(204);
      expect(refreshCookieOf(out)?.header).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect((await h.post('/auth/refresh', { refreshToken: token })).statusCode).toBe(401);
    });
  });
});
