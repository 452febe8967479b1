import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiProblem, ok, type SessionUser } from '@buergeramt/api-client';
import { api, session } from '../services/api';
import { useSessionStore } from './session';

const clerk: SessionUser = {
  id: '019a0000-0000-7000-8000-0000000000c2',
  email: 'max@rathaus.example',
  givenName: 'Max',
  familyName: 'Schalter',
  roles: ['clerk'],
  locationIds: ['407747bb-1b8f-524b-924d-6176538b41d2'],
};
const citizen: SessionUser = { ...clerk, id: '019a0000-0000-7000-8000-0000000000c1', roles: ['citizen'] };
const answer = (user: SessionUser = clerk) => ({ accessToken: `token-${user.id}`, expiresIn: 600, user });

interface Sent {
  path: string;
  body: unknown;
}

const json = (status: number, body?: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
const problem = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  json(status, { type, title: type, status, ...extra });

/** fetch answering each path with its scripted answers in order, recording what was sent. */
function stubApi(answers: Record<string, (() => Response)[]>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const text = await request.clone().text();
    sent.push({ path, body: text ? (JSON.parse(text) as unknown) : undefined });
    const next = answers[path]?.shift();
    if (!next) throw new Error(`no scripted answer for ${request.method} ${path}`);
    return next();
  });
  return sent;
}

const credentials = { email: 'max@rathaus.example', password: 'Schalter-am-Neckarufer-2026' };

describe('the back office’s session (staff only)', () => {
  beforeEach(() => {
    window.localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    session.end('logout', false);
    vi.unstubAllGlobals();
  });

  it('logs a clerk in: name, role and locations known, the token in memory only, its own hint', async () => {
    stubApi({ '/api/v1/auth/login': [() => json(200, answer())] });
    const store = useSessionStore();
    await expect(store.login(credentials)).resolves.toEqual({ kind: 'ok' });
    expect(store.loggedIn).toBe(true);
    expect(store.role).toBe('clerk');
    expect(store.user?.locationIds).toEqual(clerk.locationIds);
    expect(session.token()?.value).toBe(`token-${clerk.id}`);
    expect({ ...window.localStorage }).toEqual({ 'buergeramt.backoffice.session': '1' });
  });

  it('asks for the TOTP code, then logs in with it', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => problem(401, 'mfa-required'), () => json(200, answer())],
    });
    const store = useSessionStore();
    await expect(store.login(credentials)).resolves.toEqual({ kind: 'totp-required' });
    expect(store.loggedIn).toBe(false);
    await expect(store.login({ ...credentials, totp: '123456' })).resolves.toEqual({ kind: 'ok' });
    expect(sent[1]?.body).toEqual({ ...credentials, totp: '123456' });
  });

  it('enrolls a first log-in: the secret for the token, then the first code logs the person in', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => problem(403, 'mfa-enrollment-required', { enrollmentToken: 'enrol-1' })],
      '/api/v1/auth/mfa/enroll': [
        () => json(200, { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x' }),
      ],
      '/api/v1/auth/mfa/enroll/confirm': [() => json(200, answer())],
    });
    const store = useSessionStore();
    await expect(store.login(credentials)).resolves.toEqual({ kind: 'enrollment-required' });
    expect(store.enrolling).toBe(true);
    expect(store.loggedIn).toBe(false);
    await expect(store.enroll()).resolves.toMatchObject({ secret: 'JBSWY3DPEHPK3PXP' });
    await expect(store.confirmEnroll('123456')).resolves.toEqual({ kind: 'ok' });
    expect(store.loggedIn).toBe(true);
    expect(store.enrolling).toBe(false);
    expect(sent.map((s) => s.body)).toEqual([
      credentials,
      { enrollmentToken: 'enrol-1' },
      { enrollmentToken: 'enrol-1', code: '123456', startSession: true },
    ]);
    // the enrollment token was never written anywhere
    expect(JSON.stringify({ ...window.localStorage, ...window.sessionStorage })).not.toContain('enrol-1');
  });

  it('keeps the enrollment after a wrong first code, and has none to finish without a log-in', async () => {
    stubApi({
      '/api/v1/auth/login': [() => problem(403, 'mfa-enrollment-required', { enrollmentToken: 'enrol-2' })],
      '/api/v1/auth/mfa/enroll/confirm': [
        () => problem(422, 'validation-failed', { errors: [{ field: 'code', message: 'falsch' }] }),
      ],
    });
    const store = useSessionStore();
    await expect(store.enroll()).rejects.toThrow('no enrollment in progress');
    await store.login(credentials);
    const wrong = await store.confirmEnroll('000000').catch((e: unknown) => e);
    expect((wrong as ApiProblem).status).toBe(422);
    expect(store.enrolling).toBe(true);
    store.dropEnrollment();
    await expect(store.confirmEnroll('123456')).rejects.toThrow('no enrollment in progress');
  });

  it('refuses a resident: the session identity just started is ended at once, nothing is kept', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => json(200, answer(citizen))],
      '/api/v1/auth/logout': [() => new Response(null, { status: 204 })],
    });
    const store = useSessionStore();
    await expect(store.login({ ...credentials, email: 'erika@example.org' })).resolves.toEqual({
      kind: 'citizen',
    });
    expect(store.loggedIn).toBe(false);
    expect(session.token()).toBeNull();
    expect(sent.map((s) => s.path)).toEqual(['/api/v1/auth/login', '/api/v1/auth/logout']);
    expect(window.localStorage.getItem('buergeramt.backoffice.session')).toBeNull();
  });

  it('throws identity’s problem for wrong credentials, a wrong code, a lock', async () => {
    stubApi({
      '/api/v1/auth/login': [
        () => problem(401, 'invalid-credentials'),
        () => problem(401, 'mfa-required', { reason: 'invalid-code' }),
        () => problem(429, 'account-locked', { lockedUntil: '2026-12-06T14:32:00.000Z' }),
      ],
    });
    const store = useSessionStore();
    for (const [totp, type] of [
      [undefined, 'invalid-credentials'],
      ['000000', 'mfa-required'],
      [undefined, 'account-locked'],
    ] as const) {
      const error = await store.login({ ...credentials, totp }).catch((e: unknown) => e);
      expect((error as ApiProblem).type).toBe(type);
    }
    expect(store.loggedIn).toBe(false);
  });

  it('picks up a staff session from the cookie once, but not a resident’s (the citizen app’s log-in)', async () => {
    window.localStorage.setItem('buergeramt.backoffice.session', '1');
    const sent = stubApi({ '/api/v1/auth/refresh': [() => json(200, answer())] });
    const store = useSessionStore();
    await expect(Promise.all([store.ready(), store.ready()])).resolves.toEqual([true, true]);
    expect(store.role).toBe('clerk');
    expect(sent).toHaveLength(1);

    session.end('logout', false);
    setActivePinia(createPinia());
    window.localStorage.setItem('buergeramt.backoffice.session', '1');
    stubApi({ '/api/v1/auth/refresh': [() => json(200, answer(citizen))] });
    const other = useSessionStore();
    await expect(other.ready()).resolves.toBe(false);
    expect(other.loggedIn).toBe(false);
    expect(session.token()).toBeNull();
  });

  it('does not even ask when only the citizen app logged in on this device', async () => {
    window.localStorage.setItem('buergeramt.session', '1');
    const sent = stubApi({});
    await expect(useSessionStore().ready()).resolves.toBe(false);
    expect(sent).toEqual([]);
  });

  it('logs out, and tells its listeners when identity refuses to extend the session (expired)', async () => {
    const sent = stubApi({
      '/api/v1/auth/login': [() => json(200, answer()), () => json(200, answer())],
      '/api/v1/locations': [() => problem(401, 'unauthorized')],
      '/api/v1/auth/refresh': [() => problem(401, 'invalid-refresh-token')],
      '/api/v1/auth/logout': [() => new Response(null, { status: 204 })],
    });
    const store = useSessionStore();
    const reasons: string[] = [];
    store.onEnd((reason) => reasons.push(reason));
    await store.login(credentials);
    const error = await ok(api.GET('/api/v1/locations')).catch((e: unknown) => e);
    expect((error as ApiProblem).status).toBe(401);
    expect(store.ended).toBe('expired');
    await store.login(credentials);
    await store.logout();
    expect(store.loggedIn).toBe(false);
    expect(store.ended).toBe('logout');
    expect(reasons).toEqual(['expired', 'logout']);
    expect(sent.map((s) => s.path)).toEqual([
      '/api/v1/auth/login',
      '/api/v1/locations',
      '/api/v1/auth/refresh',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
    ]);
  });
});
