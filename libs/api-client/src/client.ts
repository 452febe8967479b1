import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { IDEMPOTENT_OPERATIONS } from './operations';
import { ApiProblem } from './problem';
import type { paths } from './schema';
import type { Session } from './session';

export type Api = Client<paths>;

export interface ApiOptions {
  /** Origin of the API ('' for the page's own origin); paths carry `/api/v1` themselves. */
  baseUrl?: string;
  /** The browser's session: its token goes into `Authorization`, a 401 refreshes it once. */
  session?: Session;
  /** The language texts and errors should come in (`Accept-Language`). */
  language?: () => string;
  fetch?: typeof fetch;
  /** Makes an Idempotency-Key; default `crypto.randomUUID()`. */
  newIdempotencyKey?: () => string;
}

const IDEMPOTENT = new Set(IDEMPOTENT_OPERATIONS.map(([method, path]) => `${method} ${path}`));
/** Answers of these paths are about the session itself: never retried through a refresh. */
const AUTH_PATHS = /^\/api\/v1\/auth\/(login|refresh|logout)$/;

/**
 * The typed API client (openapi-fetch over the generated `paths`). Every request carries the access
 * token and the language; a POST that takes an Idempotency-Key gets one unless the caller passed its own
 * (pass one per user action, so a double click submits once). A 401 on a request that carried a token
 * refreshes the session once and repeats the request with the same key; when the refresh is refused,
 * the session ends ('expired') and the 401 stands. A network failure is thrown as an ApiProblem.
 */
export function createApi(options: ApiOptions = {}): Api {
  const { session } = options;
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());

  const send = async (request: Request): Promise<Response> => {
    try {
      return await fetchImpl(request);
    } catch (error) {
      throw ApiProblem.network(error);
    }
  };

  const withToken = (request: Request, token: string | null): Request => {
    if (!token) return request;
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${token}`);
    return new Request(request, { headers });
  };

  const authorisedFetch = async (input: Request): Promise<Response> => {
    const path = new URL(input.url, 'http://x').pathname;
    if (!session || AUTH_PATHS.test(path) || input.headers.has('authorization')) return send(input);
    let spare: Request | undefined;
    return withAccessToken(session, (token, retry) => {
      if (retry && spare) return send(withToken(spare, token));
      spare = token ? input.clone() : undefined; // the body of a repeat, read once by the first try
      return send(withToken(input, token));
    });
  };

  const headers: Middleware = {
    onRequest({ request, schemaPath }) {
      const language = options.language?.();
      const needsKey =
        IDEMPOTENT.has(`${request.method} ${schemaPath}`) && !request.headers.has('idempotency-key');
      if (!language && !needsKey) return undefined;
      const headers = new Headers(request.headers);
      if (language && !headers.has('accept-language')) headers.set('accept-language', language);
      if (needsKey) headers.set('idempotency-key', newKey());
      return new Request(request, { headers });
    },
  };

  const client = createClient<paths>({
    baseUrl: (options.baseUrl ?? '').replace(/\/+$/, ''),
    fetch: authorisedFetch,
    credentials: 'same-origin',
  });
  client.use(headers);
  return client;
}

/**
 * Runs one request with the session's access token, as every request of the client does: a token about
 * to expire is refreshed first; a 401 to a request that carried a token refreshes the session once and
 * runs the request again (`retry` true) with the new token. When the refresh is refused the session ends
 * ('expired') and the 401 stands. Without a token (logged out) the request runs once, without one.
 * Shared by `createApi` and `uploadDocument` (XMLHttpRequest, for upload progress).
 */
export async function withAccessToken<R extends { status: number }>(
  session: Session,
  attempt: (token: string | null, retry: boolean) => Promise<R>,
): Promise<R> {
  let token = session.token();
  if (token?.expiring) {
    await session.refresh().catch(() => false);
    token = session.token();
  }
  if (!token) return attempt(null, false);
  const response = await attempt(token.value, false);
  if (response.status !== 401) return response;
  const refreshed = await session.refresh().catch(() => false);
  const fresh = session.token();
  if (!refreshed || !fresh) return response;
  return attempt(fresh.value, true);
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful answer, or the answer's ApiProblem thrown:
 * `const services = await ok(api.GET('/api/v1/services', { params: { query: { q } } }))`.
 */
export async function ok<T>(pending: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw ApiProblem.fromResponse(response, error);
  return data as T;
}
