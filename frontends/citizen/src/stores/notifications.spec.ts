import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, type SessionUser } from '@buergeramt/api-client';
import { session } from '../services/api';
import { UNREAD_REFRESH_MS, useNotificationsStore } from './notifications';

const citizen: SessionUser = {
  id: '019a0000-0000-7000-8000-0000000000c1',
  email: 'erika@example.org',
  givenName: 'Erika',
  familyName: 'Mustermann',
  roles: ['citizen'],
};

const json = (status: number, body: unknown): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const page = (unreadCount: number, items: unknown[] = []) =>
  json(200, { items, nextCursor: null, unreadCount });

/** fetch answering from `answer` (per request), recording method, path and query. */
function stubApi(answer: (method: string, path: string) => Response | Promise<Response>): string[] {
  const seen: string[] = [];
  vi.stubGlobal('fetch', (request: Request) => {
    const url = new URL(request.url);
    seen.push(`${request.method} ${url.pathname}${url.search}`);
    return Promise.resolve(answer(request.method, url.pathname));
  });
  return seen;
}

let visibility: DocumentVisibilityState = 'visible';
function setVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('the notifications store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    visibility = 'visible';
    session.start({ accessToken: 'token-1', expiresIn: 600, user: citizen });
  });
  afterEach(() => {
    session.end('logout', false);
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('asks only for the unread count, and shares one request between callers', async () => {
    const seen = stubApi(() => page(3));
    const store = useNotificationsStore();
    await Promise.all([store.refresh(), store.refresh()]);
    expect(store.unreadCount).toBe(3);
    expect(seen).toEqual(['GET /api/v1/notifications?limit=1&unread=true']);
  });

  it('keeps the last count when a look fails, and is 0 when logged out', async () => {
    let answer: () => Response = () => page(2);
    stubApi(() => answer());
    const store = useNotificationsStore();
    await store.refresh();
    expect(store.unreadCount).toBe(2);
    answer = () => json(503, { type: 'unavailable', title: 'Unavailable', status: 503 });
    await store.refresh();
    expect(store.unreadCount).toBe(2);

    session.end('logout', false);
    await nextTick();
    expect(store.unreadCount).toBe(0);
    answer = () => page(9);
    await store.refresh();
    expect(store.unreadCount).toBe(0);
  });

  it('drops an answer that arrives after the session ended', async () => {
    let release!: () => void;
    stubApi(() => new Promise<Response>((resolve) => (release = () => resolve(page(4)))));
    const store = useNotificationsStore();
    const looking = store.refresh();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    session.end('logout', false);
    await nextTick();
    release();
    await looking;
    expect(store.unreadCount).toBe(0);
  });

  it('lists the inbox, takes the count from it, and counts down when one is marked read', async () => {
    const seen = stubApi((method) => (method === 'POST' ? json(204, null) : page(2, [{ id: 'n1' }])));
    const store = useNotificationsStore();
    const first = await store.list();
    expect(first.items).toEqual([{ id: 'n1' }]);
    expect(store.unreadCount).toBe(2);
    await store.markRead('0192f0e0-0000-7000-8000-000000000001');
    expect(store.unreadCount).toBe(1);
    expect(seen).toEqual([
      'GET /api/v1/notifications?limit=20',
      'POST /api/v1/notifications/0192f0e0-0000-7000-8000-000000000001/read',
    ]);
  });

  it('throws the problem when marking read is refused, and keeps the count', async () => {
    stubApi((method) =>
      method === 'POST' ? json(404, { type: 'not-found', title: 'Not found', status: 404 }) : page(1),
    );
    const store = useNotificationsStore();
    await store.refresh();
    await expect(store.markRead('0192f0e0-0000-7000-8000-000000000009')).rejects.toBeInstanceOf(ApiProblem);
    expect(store.unreadCount).toBe(1);
  });

  it('looks every minute while the page is visible, not while hidden, and at once when it shows again', async () => {
    vi.useFakeTimers();
    let count = 0;
    const seen = stubApi(() => page(++count));
    const store = useNotificationsStore();
    const stop = store.watchUnread();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    expect(store.unreadCount).toBe(1);

    await vi.advanceTimersByTimeAsync(UNREAD_REFRESH_MS - 1);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(2);
    expect(store.unreadCount).toBe(2);

    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(3 * UNREAD_REFRESH_MS);
    expect(seen).toHaveLength(2);

    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(3);
    expect(store.unreadCount).toBe(3);

    stop();
    setVisibility('hidden');
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(5 * UNREAD_REFRESH_MS);
    expect(seen).toHaveLength(3);
  });
});
