import { describe, expect, it } from 'vitest';
import { createApi, ok } from './client';
import { ApiProblem, NETWORK_ERROR, UNEXPECTED_ANSWER } from './problem';
import { Session, type LoginResult } from './session';

/**
 * A scripted stand-in for the API over fetch: records every request (with its headers and body as sent)
 * and answers with the next scripted response for its path.
 */
function scriptedApi(script: Record<string, ((request: Request) => Response | Promise<Response>)[]>) {
  const seen: { method: string; path: string; headers: Headers; body: string }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const path = new URL(request.url).pathname;
    seen.push({
      method: request.method,
      path,
      headers: request.headers,
      body: request.body ? await request.clone().text() : '',
    });
    const next = script[path]?.shift();
    if (!next) throw new Error(`no scripted answer for ${request.method} ${path}`);
    return next(request);
  };
  return { fetch: fetchImpl, seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        ...headers,
      },
    });

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

const memoryStorage = () => {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
};

const BASE = 'http://app.test';

function setup(script: Parameters<typeof scriptedApi>[0]) {
  const api = scriptedApi(script);
  const session = new Session({
    baseUrl: BASE,
    fetch: api.fetch,
    storage: memoryStorage(),
    broadcast: false,
  });
  let keys = 0;
  const client = createApi({
    baseUrl: BASE,
    session,
    fetch: api.fetch,
    language: () => 'en',
    newIdempotencyKey: () => `key-${++keys}`,
  });
  return { client, session, seen: api.seen };
}

describe('createApi', () => {
  it('sends the access token and the language', async () => {
    const { client, session, seen } = setup({ '/api/v1/me': [json(200, { id: 'u1' })] });
    session.start(login('token-1'));
    await ok(client.GET('/api/v1/me'));
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer token-1');
    expect(seen[0]?.headers.get('accept-language')).toBe('en');
  });

  it('sends no Authorization header without a session', async () => {
    const { client, seen } = setup({ '/api/v1/services': [json(200, { items: [], nextCursor: null })] });
    await ok(client.GET('/api/v1/services'));
    expect(seen[0]?.headers.has('authorization')).toBe(false);
  });

  it('refreshes once on a 401 and repeats the request with the new token and the same Idempotency-Key', async () => {
    const { client, session, seen } = setup({
      '/api/v1/appointments': [
        json(401, { type: 'unauthorized', title: 'Unauthorized', status: 401 }),
        json(201, { id: 'a1', status: 'confirmed' }),
      ],
      '/api/v1/auth/refresh': [json(200, login('token-2'))],
    });
    session.start(login('token-1'));
    const created = await ok(
      client.POST('/api/v1/appointments', {
        body: { serviceId: 's', locationId: 'l', start: '2026-12-08T08:00:00+01:00' },
      }),
    );
    expect(created).toMatchObject({ id: 'a1' });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/appointments',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/appointments',
    ]);
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer token-1');
    expect(seen[2]?.headers.get('authorization')).toBe('Bearer token-2');
    expect(seen[0]?.headers.get('idempotency-key')).toBe('key-1');
    expect(seen[2]?.headers.get('idempotency-key')).toBe('key-1');
    expect(seen[2]?.body).toBe(seen[0]?.body);
    expect(session.token()?.value).toBe('token-2');
  });

  it('ends the session as expired when the refresh is refused, and the 401 stands', async () => {
    const { client, session, seen } = setup({
      '/api/v1/me': [json(401, { type: 'unauthorized', title: 'Unauthorized', status: 401 })],
      '/api/v1/auth/refresh': [
        json(401, { type: 'invalid-refresh-token', title: 'Invalid refresh token', status: 401 }),
      ],
    });
    const ends: (string | undefined)[] = [];
    session.subscribe((user, reason) => {
      if (!user) ends.push(reason);
    });
    session.start(login('token-1'));
    const failure = await ok(client.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).status).toBe(401);
    expect(ends).toEqual(['expired']);
    expect(session.loggedIn).toBe(false);
    expect(seen).toHaveLength(2);
  });

  it('lets concurrent 401s share one refresh (identity revokes a reused refresh token)', async () => {
    const unauthorized = json(401, { type: 'unauthorized', title: 'Unauthorized', status: 401 });
    const { client, session, seen } = setup({
      '/api/v1/me': [unauthorized, unauthorized, json(200, { id: 'u1' }), json(200, { id: 'u1' })],
      '/api/v1/auth/refresh': [json(200, login('token-2'))],
    });
    session.start(login('token-1'));
    await Promise.all([ok(client.GET('/api/v1/me')), ok(client.GET('/api/v1/me'))]);
    expect(seen.filter((r) => r.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('refreshes first when the token is about to expire', async () => {
    const { client, session, seen } = setup({
      '/api/v1/me': [json(200, { id: 'u1' })],
      '/api/v1/auth/refresh': [json(200, login('token-2'))],
    });
    session.start(login('token-1', 5));
    await ok(client.GET('/api/v1/me'));
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/auth/refresh', '/api/v1/me']);
    expect(seen[1]?.headers.get('authorization')).toBe('Bearer token-2');
  });

  it('adds an Idempotency-Key only where the API takes one, and keeps the caller’s own', async () => {
    const { client, session, seen } = setup({
      '/api/v1/appointments': [json(201, { id: 'a1' })],
      '/api/v1/applications': [json(201, { id: 'x1' })],
    });
    session.start(login('token-1'));
    await ok(
      client.POST('/api/v1/appointments', {
        body: { serviceId: 's', locationId: 'l', start: '2026-12-08T08:00:00+01:00' },
        params: { header: { 'Idempotency-Key': 'mine' } },
      }),
    );
    await ok(client.POST('/api/v1/applications', { body: { serviceId: 's' } }));
    expect(seen[0]?.headers.get('idempotency-key')).toBe('mine');
    expect(seen[1]?.headers.has('idempotency-key')).toBe(false);
  });

  it('turns problem+json into an ApiProblem with its field errors and Retry-After', async () => {
    const { client } = setup({
      '/api/v1/auth/login': [
        json(
          422,
          {
            type: 'validation-failed',
            title: 'Validation failed',
            status: 422,
            errors: [
              { field: 'email', message: 'must be an e-mail address' },
              { field: 'email', message: 'second message' },
              { field: 'password', message: 'must not be empty' },
            ],
          },
          { 'retry-after': '30' },
        ),
      ],
    });
    const problem = (await ok(
      client.POST('/api/v1/auth/login', { body: { email: 'x', password: '' } }),
    ).catch((e: unknown) => e)) as ApiProblem;
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem.is('validation-failed')).toBe(true);
    expect(problem.fieldErrors()).toEqual({
      email: 'must be an e-mail address',
      password: 'must not be empty',
    });
    expect(problem.retryAfterSeconds).toBe(30);
  });

  it('reports an answer that is not problem+json as an unexpected answer', async () => {
    const { client } = setup({
      '/api/v1/services': [
        () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      ],
    });
    const problem = (await ok(client.GET('/api/v1/services')).catch((e: unknown) => e)) as ApiProblem;
    expect(problem).toMatchObject({ type: UNEXPECTED_ANSWER, status: 502 });
  });

  it('reports an unreachable API as a network problem', async () => {
    const { client } = setup({
      '/api/v1/services': [
        () => {
          throw new TypeError('Failed to fetch');
        },
      ],
    });
    const problem = (await ok(client.GET('/api/v1/services')).catch((e: unknown) => e)) as ApiProblem;
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ type: NETWORK_ERROR, status: 0 });
  });
});
