import type { LightMyRequestResponse } from 'fastify';
import { freePort } from '@buergeramt/testing';
import { IdentityHarness, refreshCookieOf } from './support/identity';
import { TestOidcProvider } from './support/oidc-provider';

const CLIENT_ID = 'buergeramt-identity';
const CLIENT_SECRET = 'a-client-secret-of-the-test-provider-0123456789';

describe('OpenID Connect federation against a real provider (oidc-provider in a child process)', () => {
  let provider: TestOidcProvider;
  let h: IdentityHarness;
  let callbackPrefix: string;

  beforeAll(async () => {
    const port = await freePort();
    callbackPrefix = `http://127.0.0.1:${port}/auth/oidc/stadtkonto/callback`;
    provider = await TestOidcProvider.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: callbackPrefix,
    });
    h = await IdentityHarness.boot(
      {
        OIDC_PROVIDERS: JSON.stringify([
          {
            id: 'stadtkonto',
            issuer: provider.issuer,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            displayName: 'Stadtkonto',
          },
        ]),
        OIDC_REDIRECT_BASE_URL: `http://127.0.0.1:${port}/auth/oidc`,
        OIDC_LOGIN_REDIRECT_URL: 'http://localhost:8080/anmelden',
      },
      port,
    );
  });

  afterAll(async () => {
    await h?.close();
    await provider?.stop();
  });

  /** GET /auth/oidc/stadtkonto/start: the redirect and this browser's state cookie. */
  async function start(): Promise<{ location: string; stateCookie: string }> {
    const res = await h.inject('/auth/oidc/stadtkonto/start');
    expect(res.statusCode).toBe(302);
    const cookie = refreshCookieOf(res, 'buergeramt_refresh_oidc');
    expect(cookie?.header).toMatch(/HttpOnly/);
    expect(cookie?.header).toMatch(/SameSite=Lax/);
    expect(cookie?.header).toMatch(/Path=\/api\/v1\/auth\/oidc/);
    return { location: String(res.headers.location), stateCookie: cookie!.value };
  }

  async function callback(url: string, stateCookie: string): Promise<LightMyRequestResponse> {
    const parsed = new URL(url);
    return h.inject({
      method: 'GET',
      url: `${parsed.pathname}${parsed.search}`,
      headers: { cookie: `buergeramt_refresh_oidc=${stateCookie}` },
    });
  }

  /** A whole login as `account`; returns the callback's answer. */
  async function federatedLogin(
    account: Parameters<TestOidcProvider['loginAs']>[0],
  ): Promise<LightMyRequestResponse> {
    await provider.loginAs(account);
    const { location, stateCookie } = await start();
    return callback(await provider.authorize(location, callbackPrefix), stateCookie);
  }

  async function sessionUser(
    res: LightMyRequestResponse,
  ): Promise<{ id: string; email: string | null; roles: string[] }> {
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('http://localhost:8080/anmelden?login=success');
    const refresh = refreshCookieOf(res);
    expect(refresh?.value).toBeTruthy();
    const session = await h.post('/auth/refresh', { refreshToken: refresh!.value });
    expect(session.statusCode).toBe(200);
    return session.json<{ user: { id: string; email: string | null; roles: string[] } }>().user;
  }

  it('lists the configured providers', async () => {
    expect((await h.inject('/auth/oidc/providers')).json()).toEqual({
      items: [{ id: 'stadtkonto', displayName: 'Stadtkonto' }],
    });
  });

  it('sends the browser to the provider with the authorization code flow, PKCE (S256), state and nonce', async () => {
    const { location, stateCookie } = await start();
    const url = new URL(location);
    expect(`${url.origin}`).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: callbackPrefix,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.any(String),
      state: stateCookie,
    });
  });

  it('logs in, creating a verified citizen linked by subject; a second login finds the same account', async () => {
    const before = await h.query(`SELECT id FROM ${h.table('users')}`);
    const first = await sessionUser(
      await federatedLogin({
        sub: 'sub-anna',
        email: 'Anna.Federiert@Example.org',
        email_verified: true,
        given_name: 'Anna',
        family_name: 'Federiert',
      }),
    );
    expect(first).toMatchObject({ email: 'anna.federiert@example.org', roles: ['citizen'] });
    const [link] = await h.query(
      `SELECT provider, subject, user_id FROM ${h.table('federated_identities')} WHERE subject = 'sub-anna'`,
    );
    expect(link).toEqual({ provider: 'stadtkonto', subject: 'sub-anna', user_id: first.id });

    // the provider changed the address meanwhile: the subject decides
    const second = await sessionUser(
      await federatedLogin({ sub: 'sub-anna', email: 'anna.neu@example.org', email_verified: true }),
    );
    expect(second.id).toBe(first.id);
    expect(await h.query(`SELECT id FROM ${h.table('users')}`)).toHaveLength(before.length + 1);

    const token = (
      await h.post('/auth/refresh', {
        refreshToken: refreshCookieOf(await federatedLogin({ sub: 'sub-anna' }))!.value,
      })
    ).json<{ accessToken: string }>().accessToken;
    expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({
      id: first.id,
      givenName: 'Anna',
      familyName: 'Federiert',
      emailVerified: true,
      federatedProviders: ['stadtkonto'],
    });
    expect((await h.events('identity.profile-changed', first.id)).length).toBe(1);
  });

  it('links an existing account by an address the provider says is verified', async () => {
    const id = await h.citizen('bestehend@example.org');
    const user = await sessionUser(
      await federatedLogin({ sub: 'sub-bestehend', email: 'bestehend@example.org', email_verified: true }),
    );
    expect(user.id).toBe(id);
    // the password login still works as well
    expect((await h.login('bestehend@example.org', 'Stadtbücherei-Esslingen-1')).statusCode).toBe(200);
  });

  it('does not link by an address the provider does not vouch for', async () => {
    const id = await h.citizen('unbestaetigt@example.org');
    const user = await sessionUser(
      await federatedLogin({
        sub: 'sub-unverified',
        email: 'unbestaetigt@example.org',
        email_verified: false,
      }),
    );
    expect(user.id).not.toBe(id);
    expect(user.email).toBeNull();
  });

  it('linking to an unverified registration drops the password someone else may have set', async () => {
    await h.post('/auth/register', {
      email: 'vorab@example.org',
      password: 'Fremdes-Passwort-2026',
      givenName: 'X',
      familyName: 'Y',
    });
    const user = await sessionUser(
      await federatedLogin({ sub: 'sub-vorab', email: 'vorab@example.org', email_verified: true }),
    );
    expect(user.email).toBe('vorab@example.org');
    expect((await h.login('vorab@example.org', 'Fremdes-Passwort-2026')).json()).toMatchObject({
      type: 'invalid-credentials',
    });
  });

  it('never links a staff account', async () => {
    const id = await h.citizen('staff-fed@example.org');
    await h.query(`UPDATE ${h.table('users')} SET roles = ARRAY['clerk'] WHERE id = $1`, [id]);
    const res = await federatedLogin({
      sub: 'sub-staff',
      email: 'staff-fed@example.org',
      email_verified: true,
    });
    expect(res.headers.location).toBe('http://localhost:8080/anmelden?login=failed&reason=staff-account');
    expect(refreshCookieOf(res)).toBeNull();
  });

  it('refuses a callback whose state is not the one of this browser, and a replayed callback', async () => {
    await provider.loginAs({ sub: 'sub-state', email: 'state@example.org', email_verified: true });
    const { location, stateCookie } = await start();
    const url = await provider.authorize(location, callbackPrefix);
    const other = await start(); // another browser's state
    const forged = await callback(url, other.stateCookie);
    expect(forged.headers.location).toBe('http://localhost:8080/anmelden?login=failed&reason=state-mismatch');
    expect(refreshCookieOf(forged)).toBeNull();
    const withoutCookie = await h.inject(`${new URL(url).pathname}${new URL(url).search}`);
    expect(withoutCookie.headers.location).toContain('reason=state-mismatch');

    const ok = await callback(url, stateCookie);
    expect(ok.headers.location).toContain('login=success');
    const replay = await callback(url, stateCookie);
    expect(replay.headers.location).toContain('reason=state-mismatch');
    expect(refreshCookieOf(replay)).toBeNull();
  });

  it('refuses an ID token whose nonce is not the one sent (checked by the relying party)', async () => {
    await provider.loginAs({ sub: 'sub-nonce', email: 'nonce@example.org', email_verified: true });
    const { location, stateCookie } = await start();
    const url = await provider.authorize(location, callbackPrefix);
    await h.query(`UPDATE ${h.table('oidc_login_states')} SET nonce = 'another-nonce'`);
    const res = await callback(url, stateCookie);
    expect(res.headers.location).toContain('reason=token-rejected');
    expect(refreshCookieOf(res)).toBeNull();
    expect(
      await h.query(`SELECT id FROM ${h.table('federated_identities')} WHERE subject = 'sub-nonce'`),
    ).toEqual([]);
  });

  it('refuses a code redeemed with another PKCE verifier (checked by the provider)', async () => {
    await provider.loginAs({ sub: 'sub-pkce', email: 'pkce@example.org', email_verified: true });
    const { location, stateCookie } = await start();
    const url = await provider.authorize(location, callbackPrefix);
    await h.query(`UPDATE ${h.table('oidc_login_states')} SET code_verifier = 'x${'a'.repeat(50)}'`);
    expect((await callback(url, stateCookie)).headers.location).toContain('reason=provider-refused');
  });

  it('answers an unknown provider with 404 unknown-provider', async () => {
    const res = await h.inject('/auth/oidc/nope/start');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ type: 'unknown-provider' });
    expect((await h.inject('/auth/oidc/nope/callback?code=x&state=y')).statusCode).toBe(404);
  });
});
