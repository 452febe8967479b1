import { describe, expect, it } from 'vitest';
import { createApi } from './client';
import { lockedUntil, logIn, loginFailure } from './login';
import { ApiProblem } from './problem';
import { Session, type LoginResult } from './session';

const BASE = 'http://stadt.test';

const answer = (status: number, body?: unknown) => () =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
const problem = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  answer(status, { type, title: type, status, ...extra });

const result = (roles: ('citizen' | 'clerk')[]): LoginResult => ({
  accessToken: `token-${roles.join('-')}`,
  expiresIn: 600,
  user: { id: 'u1', email: 'x@example.org', givenName: 'Max', familyName: 'Muster', roles },
});

/** An API and a session of an app that serves staff only, over scripted answers per path. */
function staffApp(script: Record<string, (() => Response)[]>) {
  const sent: { path: string; body: unknown }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const path = new URL(request.url, BASE).pathname;
    const text = await request.clone().text();
    sent.push({ path, body: text ? (JSON.parse(text) as unknown) : undefined });
    const next = script[path]?.shift();
    if (!next) throw new Error(`no scripted answer for ${path}`);
    return next();
  };
  const session = new Session({
    baseUrl: BASE,
    fetch: fetchImpl,
    storage: null,
    broadcast: false,
    accepts: (user) => !user.roles.includes('citizen'),
  });
  return { api: createApi({ baseUrl: BASE, session, fetch: fetchImpl }), session, sent };
}

const credentials = { email: 'max@rathaus.example', password: 'Schalter-am-Neckar' };

describe('logIn', () => {
  it('keeps the session of a person the app serves', async () => {
    const { api, session, sent } = staffApp({ '/api/v1/auth/login': [answer(200, result(['clerk']))] });
    await expect(logIn(api, session, credentials)).resolves.toEqual({ kind: 'ok' });
    expect(session.user?.roles).toEqual(['clerk']);
    expect(sent[0]?.body).toEqual(credentials);
  });

  it('asks for the code (no code sent), then sends it', async () => {
    const { api, session, sent } = staffApp({
      '/api/v1/auth/login': [problem(401, 'mfa-required'), answer(200, result(['clerk']))],
    });
    await expect(logIn(api, session, credentials)).resolves.toEqual({ kind: 'totp-required' });
    await expect(logIn(api, session, { ...credentials, totp: '123456' })).resolves.toEqual({ kind: 'ok' });
    expect(sent[1]?.body).toEqual({ ...credentials, totp: '123456' });
  });

  it('hands over the enrollment token of a staff member without TOTP', async () => {
    const { api, session } = staffApp({
      '/api/v1/auth/login': [problem(403, 'mfa-enrollment-required', { enrollmentToken: 'enrol-1' })],
    });
    await expect(logIn(api, session, credentials)).resolves.toEqual({
      kind: 'enrollment-required',
      enrollmentToken: 'enrol-1',
    });
    expect(session.loggedIn).toBe(false);
  });

  it('refuses a person the app does not serve and revokes the session identity just started', async () => {
    const { api, session, sent } = staffApp({
      '/api/v1/auth/login': [answer(200, result(['citizen']))],
      '/api/v1/auth/logout': [answer(204)],
    });
    await expect(logIn(api, session, credentials)).resolves.toEqual({ kind: 'refused' });
    expect(session.loggedIn).toBe(false);
    expect(sent.map((s) => s.path)).toEqual(['/api/v1/auth/login', '/api/v1/auth/logout']);
  });

  it('throws every other answer as the ApiProblem (a wrong code too)', async () => {
    const { api, session } = staffApp({
      '/api/v1/auth/login': [
        problem(401, 'invalid-credentials'),
        problem(401, 'mfa-required', { reason: 'invalid-code' }),
        problem(403, 'mfa-enrollment-required'),
      ],
    });
    for (const [totp, type] of [
      [undefined, 'invalid-credentials'],
      ['000000', 'mfa-required'],
      [undefined, 'mfa-enrollment-required'], // without its token: nothing to enroll with
    ] as const) {
      const error = await logIn(api, session, { ...credentials, totp }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiProblem);
      expect((error as ApiProblem).type).toBe(type);
    }
  });
});

describe('log-in problems', () => {
  const now = new Date('2026-12-06T13:00:00.000Z');
  const refusal = (type: string, status: number, extra: Record<string, unknown> = {}, retryAfter?: number) =>
    new ApiProblem({ type, title: type, status, ...extra }, retryAfter);

  it('knows until when a lock holds: lockedUntil, else Retry-After, else not', () => {
    expect(
      lockedUntil(refusal('account-locked', 429, { lockedUntil: '2026-12-06T13:15:00.000Z' }, 900), now),
    ).toEqual(new Date('2026-12-06T13:15:00.000Z'));
    expect(lockedUntil(refusal('account-locked', 429, {}, 600), now)).toEqual(
      new Date('2026-12-06T13:10:00.000Z'),
    );
    expect(lockedUntil(refusal('account-locked', 429, { lockedUntil: 'kaputt' }), now)).toBeNull();
  });

  it('sorts each answer of identity into what a log-in page says', () => {
    expect(loginFailure(refusal('invalid-credentials', 401), false)).toEqual({ kind: 'invalid-credentials' });
    expect(loginFailure(refusal('mfa-required', 401, { reason: 'invalid-code' }), true)).toEqual({
      kind: 'invalid-code',
    });
    expect(loginFailure(refusal('mfa-required', 401), false).kind).toBe('other');
    expect(loginFailure(refusal('email-not-verified', 403), false)).toEqual({ kind: 'email-not-verified' });
    expect(loginFailure(refusal('account-disabled', 403), false)).toEqual({ kind: 'account-disabled' });
    expect(loginFailure(refusal('account-locked', 429, {}, 60), false, now)).toEqual({
      kind: 'account-locked',
      until: new Date('2026-12-06T13:01:00.000Z'),
    });
    const network = ApiProblem.network(new TypeError('offline'));
    expect(loginFailure(network, false)).toEqual({ kind: 'other', error: network });
    expect(loginFailure(new Error('x'), false).kind).toBe('other');
  });
});
