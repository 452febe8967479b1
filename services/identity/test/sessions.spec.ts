import type { LightMyRequestResponse } from 'fastify';
import { PasswordHasher } from '../src/accounts/password-hasher';
import { IdentityHarness, refreshCookieOf } from './support/identity';
import { defined } from '@buergeramt/testing';

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

  describe('lockout under parallel attempts (issue 14, defect 5)', () => {
    /** Waits until `condition` holds (polling; the requests run in this process). */
    async function until(condition: () => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    /**
     * Holds every password check (the real argon2 verification) at a gate until the test opens it, so all
     * attempts that get as far as a check are in flight at once: the worst case for a lockout that counts
     * a failure only after its verdict. Counts the checks.
     */
    function gateChecks(): { checked: () => number; open: () => void; restore: () => void } {
      const hasher = h.get(PasswordHasher);
      const verify = hasher.verify.bind(hasher);
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let checked = 0;
      const spy = jest.spyOn(hasher, 'verify').mockImplementation(async (hash, password) => {
        checked++;
        await gate;
        return verify(hash, password);
      });
      return { checked: () => checked, open: () => open(), restore: () => spy.mockRestore() };
    }

    /** Sends logins at once; `answered` lists the answers that are in. */
    function send(email: string, passwords: string[], answered: LightMyRequestResponse[]) {
      return passwords.map((password) =>
        h.login(email, password).then((res) => {
          answered.push(res);
          return res;
        }),
      );
    }

    const statuses = (responses: LightMyRequestResponse[]): number[] =>
      responses.map((r) => r.statusCode).sort((a, b) => a - b);

    it('7 wrong passwords at once, then the right one: 5 are checked, the rest and the right one get 429 unchecked', async () => {
      const id = await h.citizen('parallel@example.org');
      const gate = gateChecks();
      try {
        const answered: LightMyRequestResponse[] = [];
        const wrong = send('parallel@example.org', Array(7).fill(WRONG), answered);
        await until(
          () => gate.checked() + answered.length === 7,
          'the wrong attempts to be checked or refused',
        );
        const right = send('parallel@example.org', [PASSWORD], answered);
        await until(
          () => gate.checked() + answered.length === 8,
          'the right attempt to be checked or refused',
        );
        // before the gate opens: the attempts beyond the 5th were refused without a check
        expect(gate.checked()).toBe(5);
        expect(answered.map((r) => r.json<{ type: string }>().type)).toEqual(Array(3).fill('account-locked'));
        gate.open();
        const results = await Promise.all([...wrong, ...right]);
        expect(statuses(results)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
        expect(results[7]?.statusCode).toBe(429);
        expect(results[7]?.headers['retry-after']).toBeDefined();
      } finally {
        gate.restore();
      }
      expect(await h.query(`SELECT * FROM ${h.table('login_failures')} WHERE pending`)).toEqual([]);
      // the five failures locked the account, and its owner was told once
      expect((await h.login('parallel@example.org', PASSWORD)).json()).toMatchObject({
        type: 'account-locked',
      });
      expect(await h.events('identity.account-locked', id)).toHaveLength(1);
    });

    it('7 wrong and the right password at once, in any order: exactly 5 are checked, 3 refused; the right one logs in only if it was checked', async () => {
      const id = await h.citizen('durcheinander@example.org');
      // the right one is sent sixth: whether it is among the 5 checked depends on who gets there first
      const passwords = [WRONG, WRONG, WRONG, WRONG, WRONG, PASSWORD, WRONG, WRONG];
      const gate = gateChecks();
      let results: LightMyRequestResponse[];
      try {
        const answered: LightMyRequestResponse[] = [];
        const pending = send('durcheinander@example.org', passwords, answered);
        await until(() => gate.checked() + answered.length === 8, 'every attempt to be checked or refused');
        expect(gate.checked()).toBe(5);
        expect(statuses(answered)).toEqual([429, 429, 429]);
        gate.open();
        results = await Promise.all(pending);
      } finally {
        gate.restore();
      }
      const rightOne = defined(results[5], 'the sixth answer');
      const loggedIn = rightOne.statusCode === 200;
      expect(statuses(results)).toEqual(
        loggedIn ? [200, 401, 401, 401, 401, 429, 429, 429] : [401, 401, 401, 401, 401, 429, 429, 429],
      );
      // logged in: the login cleared the count; otherwise the five failures locked the account
      expect((await h.login('durcheinander@example.org', PASSWORD)).statusCode).toBe(loggedIn ? 200 : 429);
      expect(await h.events('identity.account-locked', id)).toHaveLength(loggedIn ? 0 : 1);
    });

    it('an unknown address answers parallel guesses exactly like a known one (no enumeration)', async () => {
      await h.citizen('bekannt@example.org');
      const answers: Record<string, number[]> = {};
      for (const email of ['bekannt@example.org', 'unbekannt@example.org']) {
        const gate = gateChecks();
        try {
          const answered: LightMyRequestResponse[] = [];
          const pending = send(email, Array(8).fill(WRONG), answered);
          await until(() => gate.checked() + answered.length === 8, 'every attempt');
          expect(gate.checked()).toBe(5);
          gate.open();
          answers[email] = statuses(await Promise.all(pending));
        } finally {
          gate.restore();
        }
      }
      expect(answers['bekannt@example.org']).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      expect(answers['unbekannt@example.org']).toEqual(answers['bekannt@example.org']);
    });

    it('a right password that still needs more (unverified address) does not count as a failure', async () => {
      await h.post('/auth/register', {
        email: 'ungeprueft@example.org',
        password: PASSWORD,
        givenName: 'Erika',
        familyName: 'Muster',
      });
      for (let i = 0; i < 4; i++)
        expect((await h.login('ungeprueft@example.org', WRONG)).statusCode).toBe(401);
      for (let i = 0; i < 3; i++) {
        expect((await h.login('ungeprueft@example.org', PASSWORD)).json()).toMatchObject({
          type: 'email-not-verified',
        });
      }
      expect((await h.login('ungeprueft@example.org', WRONG)).statusCode).toBe(401);
      expect((await h.login('ungeprueft@example.org', PASSWORD)).statusCode).toBe(429);
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
