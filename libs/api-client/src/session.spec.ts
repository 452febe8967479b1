import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session, type LoginResult } from './session';

const login = (token: string, expiresIn = 600): LoginResult => ({
  accessToken: token,
  expiresIn,
  user: {
    id: 'u1',
    email: 'erika@example.org',
    givenName: 'Erika',
    familyName: 'Muster',
    roles: ['citizen'],
  },
});

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

function recordingFetch(answers: (() => Response)[]) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchImpl: typeof fetch = (url, init) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init });
    const next = answers.shift();
    if (!next) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(next());
  };
  return { fetch: fetchImpl, calls };
}

const ok = (body: unknown) => () =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const refused = () =>
  new Response('{}', { status: 401, headers: { 'content-type': 'application/problem+json' } });

afterEach(() => vi.useRealTimers());

describe('Session', () => {
  it('does not ask for a refresh on page load when this browser never logged in', async () => {
    const { fetch, calls } = recordingFetch([]);
    const session = new Session({ fetch, storage: memoryStorage(), broadcast: false });
    expect(await session.resume()).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('resumes a session from the refresh cookie when the hint says there may be one', async () => {
    const storage = memoryStorage();
    storage.setItem('buergeramt.session', '1');
    const { fetch, calls } = recordingFetch([ok(login('token-9'))]);
    const session = new Session({ fetch, storage, broadcast: false });
    expect(await session.resume()).toBe(true);
    expect(calls[0]?.url).toBe('/api/v1/auth/refresh');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(session.user?.givenName).toBe('Erika');
    expect(session.token()?.value).toBe('token-9');
  });

  it('asks anyway after a federated log-in set the cookie (force)', async () => {
    const { fetch, calls } = recordingFetch([ok(login('token-7'))]);
    const session = new Session({ fetch, storage: memoryStorage(), broadcast: false });
    expect(await session.resume({ force: true })).toBe(true);
    expect(calls).toHaveLength(1);
    expect(session.loggedIn).toBe(true);
  });

  it('forgets the hint when the cookie is no longer accepted', async () => {
    const storage = memoryStorage();
    storage.setItem('buergeramt.session', '1');
    const { fetch } = recordingFetch([refused]);
    const session = new Session({ fetch, storage, broadcast: false });
    expect(await session.resume()).toBe(false);
    expect(storage.data.has('buergeramt.session')).toBe(false);
  });

  it('keeps the session when the API cannot be reached during a refresh', async () => {
    const { fetch } = recordingFetch([]);
    const session = new Session({ fetch, storage: memoryStorage(), broadcast: false });
    session.start(login('token-1'));
    await expect(session.refresh()).rejects.toThrow('Failed to fetch');
    expect(session.loggedIn).toBe(true);
  });

  it('never keeps the access token in storage', () => {
    const storage = memoryStorage();
    const session = new Session({ fetch: recordingFetch([]).fetch, storage, broadcast: false });
    session.start(login('secret-token'));
    expect([...storage.data.values()].join()).not.toContain('secret-token');
  });

  it('refreshes on its own before the access token expires', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = recordingFetch([ok(login('token-2'))]);
    const session = new Session({
      fetch,
      storage: memoryStorage(),
      broadcast: false,
      refreshAheadSeconds: 60,
    });
    session.start(login('token-1', 600));
    await vi.advanceTimersByTimeAsync(539_000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    expect(session.token()?.value).toBe('token-2');
  });

  it('logs out at identity, forgets the session and tells listeners why', async () => {
    const storage = memoryStorage();
    const { fetch, calls } = recordingFetch([() => new Response(null, { status: 204 })]);
    const session = new Session({ fetch, storage, broadcast: false });
    const heard: unknown[] = [];
    session.subscribe((user, reason) => heard.push(user ? 'login' : reason));
    const ends: string[] = [];
    session.onEnd((reason) => ends.push(reason));
    session.start(login('token-1'));
    await session.logout();
    expect(ends).toEqual(['logout']);
    expect(calls[0]).toMatchObject({ url: '/api/v1/auth/logout' });
    expect((calls[0]?.init?.headers as Record<string, string>).authorization).toBe('Bearer token-1');
    expect(session.loggedIn).toBe(false);
    expect(session.token()).toBeNull();
    expect(storage.data.size).toBe(0);
    expect(heard).toEqual(['login', 'logout']);
  });

  it('keeps only the people the app serves (accepts): a log-in or refresh of anyone else is not kept', async () => {
    const staff: LoginResult = { ...login('token-staff'), user: { ...login('x').user, roles: ['clerk'] } };
    const storage = memoryStorage();
    storage.setItem('buergeramt.backoffice.session', '1');
    const { fetch, calls } = recordingFetch([ok(login('token-citizen')), ok(login('token-c2'))]);
    const session = new Session({
      fetch,
      storage,
      broadcast: false,
      hintKey: 'buergeramt.backoffice.session',
      accepts: (user) => user.roles.includes('clerk'),
    });
    const heard: unknown[] = [];
    session.subscribe((user, reason) => heard.push(user ? user.roles[0] : reason));
    // the cookie holds a citizen (the citizen app's log-in): not resumed here, and its own hint is gone
    expect(await session.resume()).toBe(false);
    expect(session.token()).toBeNull();
    expect(storage.data.has('buergeramt.backoffice.session')).toBe(false);
    expect(calls).toHaveLength(1);
    // a staff member's log-in is kept, under this app's hint only
    expect(session.start(staff)).toBe(true);
    expect([...storage.data.keys()]).toEqual(['buergeramt.backoffice.session']);
    // the cookie now brings someone else (a citizen logged in in another tab): the session ends, expired
    expect(await session.refresh()).toBe(false);
    expect(session.loggedIn).toBe(false);
    expect(heard).toEqual(['clerk', 'expired']);
    expect(session.start(login('token-c3'))).toBe(false);
    expect(heard).toEqual(['clerk', 'expired']);
  });
});
