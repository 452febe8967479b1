import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, ok, type SessionUser } from '@buergeramt/api-client';
import { api, session } from '../services/api';
import { DRAFT_PREFIX, useSessionStore } from './session';

const citizen: SessionUser = {
  id: '019a0000-0000-7000-8000-0000000000c1',
  email: 'erika@example.org',
  givenName: 'Erika',
  familyName: 'Mustermann',
  roles: ['citizen'],
};
const clerk: SessionUser = { ...citizen, id: '019a0000-0000-7000-8000-0000000000c2', roles: ['clerk'] };
const loginAnswer = (user: SessionUser = citizen) => ({
  accessToken: `token-${user.id}`,
  expiresIn: 600,
  user,
});

interface Sent {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

type Answer = (request: Request) => Response | Promise<Response>;

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
const problem = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  json(status, { type, title: type, status, ...extra });

/** fetch answering each path with its scripted answers in order, recording what was sent. */
function stubApi(answers: Record<string, Answer[]>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const text = await request.clone().text();
    sent.push({
      method: request.method,
      path,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      authorization: request.headers.get('authorization'),
    });
    const next = answers[path]?.shift();
    if (!next) throw new Error(`no scripted answer for ${request.method} ${path}`);
    return next(request);
  });
  return sent;
}

describe('the session store', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    session.end('logout', false);
    vi.unstubAllGlobals();
  });

  it('logs a citizen in: the user is known, the token is used, nothing secret is stored', async () => {
    const sent = stubApi({ '/api/v1/auth/login': [() => json(200, loginAnswer())] });
    const store = useSessionStore();
    await expect(
      store.login({ email: 'erika@example.org', password: 'Kerze Fahrrad Nebel' }),
    ).resolves.toEqual({
      kind: 'ok',
    });
    expect(store.loggedIn).toBe(true);
    expect(store.isCitizen).toBe(true);
    expect(store.user?.givenName).toBe('Erika');
    expect(sent[0]).toMatchObject({
      method: 'POST',
      body: { email: 'erika@example.org', password: 'Kerze Fahrrad Nebel' },
    });
    expect(sent[0]?.body).not.toHaveProperty('totp');
    expect(session.token()?.value).toBe(`token-${citizen.id}`);
    // the access token lives in memory only
    const stored = JSON.stringify({ ...window.localStorage, ...window.sessionStorage });
    expect(stored).not.toContain('token-');
    expect(stored).not.toContain('Kerze');
  });

  it('asks for the TOTP code when the account has one, then logs in with it', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => problem(401, 'mfa-required'), () => json(200, loginAnswer())],
    });
    const store = useSessionStore();
    const credentials = { email: 'erika@example.org', password: 'Kerze Fahrrad Nebel' };
    await expect(store.login(credentials)).resolves.toEqual({ kind: 'totp-required' });
    expect(store.loggedIn).toBe(false);
    await expect(store.login({ ...credentials, totp: '123456' })).resolves.toEqual({ kind: 'ok' });
    expect(sent[1]?.body).toEqual({ ...credentials, totp: '123456' });
    expect(store.loggedIn).toBe(true);
  });

  it('throws identity’s problem for a wrong code, wrong credentials, a lock, an unverified address', async () => {
    stubApi({
      '/api/v1/auth/login': [
        () => problem(401, 'mfa-required', { reason: 'invalid-code' }),
        () => problem(401, 'invalid-credentials'),
        () => problem(429, 'account-locked', { lockedUntil: '2026-12-06T14:32:00.000Z' }),
        () => problem(403, 'email-not-verified'),
        () => problem(403, 'account-disabled'),
      ],
    });
    const store = useSessionStore();
    const credentials = { email: 'erika@example.org', password: 'falsch-falsch' };
    for (const [totp, type] of [
      ['000000', 'mfa-required'],
      [undefined, 'invalid-credentials'],
      [undefined, 'account-locked'],
      [undefined, 'email-not-verified'],
      [undefined, 'account-disabled'],
    ] as const) {
      const error = await store.login({ ...credentials, totp }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiProblem);
      expect((error as ApiProblem).type).toBe(type);
    }
    expect(store.loggedIn).toBe(false);
  });

  it('refuses staff accounts: enrollment asked, or staff roles in the answer (that session is ended at once)', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [
        () => problem(403, 'mfa-enrollment-required', { enrollmentToken: 'x' }),
        () => json(200, loginAnswer(clerk)),
      ],
      '/api/v1/auth/logout': [() => new Response(null, { status: 204 })],
    });
    const store = useSessionStore();
    const credentials = { email: 'clerk@example.org', password: 'Dienst-Passwort-1' };
    await expect(store.login(credentials)).resolves.toEqual({ kind: 'staff' });
    await expect(store.login({ ...credentials, totp: '123456' })).resolves.toEqual({ kind: 'staff' });
    expect(store.loggedIn).toBe(false);
    expect(session.token()).toBeNull();
    expect(sent.map((s) => s.path)).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
    ]);
  });

  it('logs out at identity and here, and forgets drafts of forms', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => json(200, loginAnswer())],
      '/api/v1/auth/logout': [() => new Response(null, { status: 204 })],
    });
    const store = useSessionStore();
    await store.login({ email: 'erika@example.org', password: 'Kerze Fahrrad Nebel' });
    window.sessionStorage.setItem(`${DRAFT_PREFIX}profile`, '{"owner":"x","value":{}}');
    window.sessionStorage.setItem('buergeramt.other', 'kept');
    const reasons: string[] = [];
    store.onEnd((reason) => reasons.push(reason));
    await store.logout();
    expect(sent[1]).toMatchObject({ method: 'POST', path: '/api/v1/auth/logout' });
    expect(store.loggedIn).toBe(false);
    expect(store.ended).toBe('logout');
    expect(reasons).toEqual(['logout']);
    expect(window.sessionStorage.getItem(`${DRAFT_PREFIX}profile`)).toBeNull();
    expect(window.sessionStorage.getItem('buergeramt.other')).toBe('kept');
  });

  it('tells its listeners when identity refuses to extend the session (expired), and keeps drafts for later', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => json(200, loginAnswer())],
      '/api/v1/me': [() => problem(401, 'unauthorized')],
      '/api/v1/auth/refresh': [() => problem(401, 'invalid-refresh-token')],
    });
    const store = useSessionStore();
    await store.login({ email: 'erika@example.org', password: 'Kerze Fahrrad Nebel' });
    window.sessionStorage.setItem(`${DRAFT_PREFIX}profile`, '{"owner":"x","value":{}}');
    const reasons: string[] = [];
    const stop = store.onEnd((reason) => reasons.push(reason));

    const error = await ok(api.GET('/api/v1/me')).catch((e: unknown) => e);
    expect((error as ApiProblem).status).toBe(401);
    expect(sent.map((s) => s.path)).toEqual(['/api/v1/auth/login', '/api/v1/me', '/api/v1/auth/refresh']);
    expect(sent[1]?.authorization).toBe(`Bearer token-${citizen.id}`);
    expect(reasons).toEqual(['expired']);
    expect(store.ended).toBe('expired');
    expect(store.loggedIn).toBe(false);
    // what was typed waits for the log-in detour
    expect(window.sessionStorage.getItem(`${DRAFT_PREFIX}profile`)).not.toBeNull();

    stop();
    await store.login({ email: 'erika@example.org', password: 'x' }).catch(() => undefined);
    expect(reasons).toEqual(['expired']);
  });

  it('picks up the session of the refresh cookie once, but not a staff session', async () => {
    window.localStorage.setItem('buergeramt.session', '1');
    const sent = stubApi({ '/api/v1/auth/refresh': [() => json(200, loginAnswer())] });
    const store = useSessionStore();
    await expect(Promise.all([store.ready(), store.ready()])).resolves.toEqual([true, true]);
    expect(store.user?.id).toBe(citizen.id);
    expect(sent).toHaveLength(1);

    session.end('logout', false);
    setActivePinia(createPinia());
    window.localStorage.setItem('buergeramt.session', '1');
    stubApi({ '/api/v1/auth/refresh': [() => json(200, loginAnswer(clerk))] });
    const other = useSessionStore();
    await expect(other.ready()).resolves.toBe(false);
    expect(other.loggedIn).toBe(false);
    expect(session.token()).toBeNull();
  });

  it('forgets the session after the account was deleted, and updates the names the header shows', async () => {
    stubApi({ '/api/v1/auth/login': [() => json(200, loginAnswer())] });
    const store = useSessionStore();
    await store.login({ email: 'erika@example.org', password: 'Kerze Fahrrad Nebel' });
    store.updateUser({ givenName: 'Erika Maria' });
    expect(store.user).toMatchObject({ givenName: 'Erika Maria', familyName: 'Mustermann' });
    window.sessionStorage.setItem(`${DRAFT_PREFIX}profile`, '{}');
    store.forget();
    expect(store.loggedIn).toBe(false);
    expect(session.token()).toBeNull();
    expect(window.sessionStorage.getItem(`${DRAFT_PREFIX}profile`)).toBeNull();
  });
});
