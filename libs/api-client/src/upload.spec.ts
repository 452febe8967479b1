import { describe, expect, it, vi } from 'vitest';
import { ApiProblem, NETWORK_ERROR, UNEXPECTED_ANSWER } from './problem';
import { Session, type LoginResult } from './session';
import { uploadDocument, type UploadedDocument } from './upload';

/**
 * A stand-in for XMLHttpRequest that records what was sent and is answered by the test: `progress()`
 * fires upload progress, `respond()` a finished answer, `fail()` a network error.
 */
class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  aborted = false;
  readonly upload = new EventTarget();
  private readonly events = new EventTarget();
  private responseHeaders = '';

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  addEventListener(type: string, listener: EventListener): void {
    this.events.addEventListener(type, listener);
  }

  send(body: unknown): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
    this.events.dispatchEvent(new Event('abort'));
  }

  getAllResponseHeaders(): string {
    return this.responseHeaders;
  }

  progress(loaded: number, total: number): void {
    this.upload.dispatchEvent(
      Object.assign(new Event('progress'), { loaded, total, lengthComputable: total > 0 }),
    );
  }

  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.status = status;
    this.statusText = status === 201 ? 'Created' : 'Error';
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    const type = status >= 400 ? 'application/problem+json' : 'application/json';
    this.responseHeaders = Object.entries({ 'content-type': type, ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    this.events.dispatchEvent(new Event('load'));
  }

  fail(): void {
    this.events.dispatchEvent(new Event('error'));
  }
}

const BASE = 'http://app.test';

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

const document: UploadedDocument = {
  id: '0192f0e0-0000-7000-8000-000000000001',
  filename: 'pass.pdf',
  mediaType: 'application/pdf',
  size: 5,
  sha256: 'ab'.repeat(32),
  status: 'clean',
  kind: 'upload',
  createdAt: '2026-12-01T09:00:00.000Z',
};

const problem = (type: string, status: number) => ({ type, title: type, status, detail: `${type} detail` });

/** A logged-in session whose refreshes answer with `refreshes` in turn (a status or a new token). */
function setup(refreshes: (number | string)[] = [], expiresIn = 600) {
  const refreshCalls: string[] = [];
  const fetchImpl: typeof fetch = (input) => {
    refreshCalls.push(String(input instanceof Request ? input.url : input));
    const next = refreshes.shift();
    if (next === undefined) return Promise.reject(new Error('no refresh scripted'));
    if (typeof next === 'number') {
      return Promise.resolve(new Response(JSON.stringify(problem('unauthorized', next)), { status: next }));
    }
    return Promise.resolve(new Response(JSON.stringify(login(next)), { status: 200 }));
  };
  const session = new Session({ baseUrl: BASE, fetch: fetchImpl, storage: null, broadcast: false });
  session.start(login('token-1', expiresIn));
  const requests: FakeXhr[] = [];
  const options = {
    session,
    baseUrl: BASE,
    language: () => 'en',
    createRequest: () => {
      const xhr = new FakeXhr();
      requests.push(xhr);
      return xhr as unknown as XMLHttpRequest;
    },
  };
  return { session, options, requests, refreshCalls };
}

const pdf = () => new File(['%PDF-'], 'pass.pdf', { type: 'application/pdf' });

describe('uploadDocument', () => {
  it('posts the file as multipart field "file" with the token and language, reports progress, and resolves with the document', async () => {
    const { options, requests } = setup();
    const progress: { loaded: number; total: number }[] = [];
    const pending = uploadDocument(options, pdf(), { onProgress: (p) => progress.push(p) });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const [xhr] = requests;
    expect(xhr!.method).toBe('POST');
    expect(xhr!.url).toBe(`${BASE}/api/v1/documents`);
    expect(xhr!.headers).toMatchObject({
      authorization: 'Bearer token-1',
      'accept-language': 'en',
      accept: 'application/json',
    });
    // the browser sets the multipart content type with its boundary itself
    expect(xhr!.headers['content-type']).toBeUndefined();
    const sent = (xhr!.body as FormData).get('file');
    expect(sent).toBeInstanceOf(File);
    expect((sent as File).name).toBe('pass.pdf');

    xhr!.progress(100, 400);
    xhr!.progress(400, 400);
    xhr!.respond(201, document);
    await expect(pending).resolves.toEqual(document);
    expect(progress).toEqual([
      { loaded: 100, total: 400 },
      { loaded: 400, total: 400 },
    ]);
  });

  it('stops the request when the signal aborts, and rejects with an AbortError', async () => {
    const { options, requests } = setup();
    const controller = new AbortController();
    const pending = uploadDocument(options, pdf(), { signal: controller.signal });
    const outcome = pending.catch((error: unknown) => error);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.progress(10, 400);
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(requests[0]!.aborted).toBe(true);
  });

  it('sends nothing when the signal is aborted already', async () => {
    const { options, requests } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(uploadDocument(options, pdf(), { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(requests).toHaveLength(0);
  });

  it('refreshes the session once on a 401 and sends the file again with the new token', async () => {
    const { options, requests, refreshCalls } = setup(['token-2']);
    const progress: number[] = [];
    const pending = uploadDocument(options, pdf(), { onProgress: (p) => progress.push(p.loaded) });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.progress(400, 400);
    requests[0]!.respond(401, problem('unauthorized', 401));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    expect(refreshCalls).toEqual([`${BASE}/api/v1/auth/refresh`]);
    expect(requests[1]!.headers.authorization).toBe('Bearer token-2');
    expect(((requests[1]!.body as FormData).get('file') as File).name).toBe('pass.pdf');
    requests[1]!.progress(200, 400);
    requests[1]!.respond(201, document);
    await expect(pending).resolves.toEqual(document);
    // progress starts over with the repeat
    expect(progress).toEqual([400, 200]);
  });

  it('lets the 401 stand when the refresh is refused (the session ends)', async () => {
    const { options, requests, session } = setup([401]);
    const pending = uploadDocument(options, pdf());
    const outcome = pending.catch((error: unknown) => error);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.respond(401, problem('unauthorized', 401));
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).status).toBe(401);
    expect(requests).toHaveLength(1);
    expect(session.loggedIn).toBe(false);
  });

  it('refreshes a token about to expire before sending', async () => {
    const { options, requests, refreshCalls } = setup(['token-2'], 5);
    const pending = uploadDocument(options, pdf());
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(refreshCalls).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBe('Bearer token-2');
    requests[0]!.respond(201, document);
    await expect(pending).resolves.toEqual(document);
  });

  it.each([
    [413, 'payload-too-large'],
    [415, 'unsupported-media-type'],
    [400, 'malformed-upload'],
    [408, 'request-timeout'],
  ])('turns a %i into the ApiProblem `%s`', async (status, type) => {
    const { options, requests } = setup();
    const outcome = uploadDocument(options, pdf()).catch((error: unknown) => error);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.respond(status, problem(type, status), { 'retry-after': '7' });
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status, type, detail: `${type} detail`, retryAfterSeconds: 7 });
  });

  it('reports a lost connection as network-error, and an answer that is not problem+json as unexpected-answer', async () => {
    const { options, requests } = setup();
    const lost = uploadDocument(options, pdf()).catch((error: unknown) => error);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.fail();
    expect(await lost).toMatchObject({ type: NETWORK_ERROR, status: 0 });

    const odd = uploadDocument(options, pdf()).catch((error: unknown) => error);
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    requests[1]!.respond(502, '<html>Bad gateway</html>');
    expect(await odd).toMatchObject({ type: UNEXPECTED_ANSWER, status: 502 });
  });

  it('sends without a token when nobody is logged in', async () => {
    const requests: FakeXhr[] = [];
    const pending = uploadDocument(
      {
        createRequest: () => {
          const xhr = new FakeXhr();
          requests.push(xhr);
          return xhr as unknown as XMLHttpRequest;
        },
      },
      pdf(),
    );
    const outcome = pending.catch((error: unknown) => error);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.url).toBe('/api/v1/documents');
    expect(requests[0]!.headers.authorization).toBeUndefined();
    requests[0]!.respond(401, problem('unauthorized', 401));
    expect(await outcome).toMatchObject({ type: 'unauthorized', status: 401 });
  });
});
