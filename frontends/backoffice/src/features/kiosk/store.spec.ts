import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiProblem } from '@buergeramt/api-client';
import { KIOSK_KEY, MissingScopeError, useKioskStore } from './store';

interface Sent {
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: string;
}

const json = (status: number, body?: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
const problem = (status: number, type: string) => json(status, { type, title: type, status });
const token = (value: string, scope = 'tickets:write') =>
  json(200, { access_token: value, token_type: 'Bearer', expires_in: 600, scope });
const ticket = (number: string) =>
  json(201, { id: 't1', number, status: 'waiting', kind: 'walk_in', position: 1, estimatedWaitMinutes: 5 });

/** fetch answering each path with its scripted answers in order, recording what was sent. */
function stubApi(answers: Record<string, (() => Response)[]>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const path = new URL(input.url).pathname;
    sent.push({
      path,
      authorization: input.headers.get('authorization'),
      contentType: input.headers.get('content-type'),
      body: await input.clone().text(),
    });
    const next = answers[path]?.shift();
    if (!next) throw new Error(`no scripted answer for ${input.method} ${path}`);
    return next();
  });
  return sent;
}

const walkIn = { locationId: 'office-1', serviceId: 'service-1' };

describe('the kiosk of this device', () => {
  beforeEach(() => {
    window.localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('is set up with a kiosk client: checked with identity, the credentials kept, the token in memory only', async () => {
    const sent = stubApi({ '/api/v1/auth/token': [() => token('tok-1')] });
    const kiosk = useKioskStore();
    expect(kiosk.configured).toBe(false);
    await kiosk.setUp(' cl_kiosk ', 'geheim:äöü');
    // in the form, not as HTTP Basic (a refused Basic login makes browsers prompt)
    expect(sent[0]).toEqual({
      path: '/api/v1/auth/token',
      authorization: null,
      contentType: 'application/x-www-form-urlencoded',
      body: `grant_type=client_credentials&client_id=cl_kiosk&client_secret=${encodeURIComponent('geheim:äöü')}`,
    });
    expect(kiosk.configured).toBe(true);
    expect(JSON.parse(window.localStorage.getItem(KIOSK_KEY) ?? '')).toEqual({
      clientId: 'cl_kiosk',
      clientSecret: 'geheim:äöü',
    });
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('tok-1');
    // the next store (a reload) finds the set-up
    setActivePinia(createPinia());
    expect(useKioskStore().configured).toBe(true);
  });

  it('keeps nothing when identity refuses the client, or the client may not draw tickets', async () => {
    stubApi({
      '/api/v1/auth/token': [() => problem(401, 'invalid-client'), () => token('tok-2', 'appointments:read')],
    });
    const kiosk = useKioskStore();
    const refused = (await kiosk.setUp('cl_x', 'wrong').catch((e: unknown) => e)) as ApiProblem;
    expect(refused.type).toBe('invalid-client');
    await expect(kiosk.setUp('cl_x', 'right')).rejects.toBeInstanceOf(MissingScopeError);
    expect(kiosk.configured).toBe(false);
    expect(window.localStorage.getItem(KIOSK_KEY)).toBeNull();
  });

  it('draws tickets with its token and renews the token shortly before it expires (once for parallel draws)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sent = stubApi({
      '/api/v1/auth/token': [() => token('tok-1'), () => token('tok-2')],
      '/api/v1/tickets': [() => ticket('A001'), () => ticket('A002'), () => ticket('A003')],
    });
    const kiosk = useKioskStore();
    await kiosk.setUp('cl_kiosk', 'secret');
    await expect(kiosk.draw(walkIn)).resolves.toMatchObject({ number: 'A001' });
    expect(kiosk.ticket?.number).toBe('A001');
    vi.setSystemTime(Date.now() + 541_000); // 59 s left of 600
    await Promise.all([kiosk.draw(walkIn), kiosk.draw(walkIn)]);
    expect(sent.map((s) => [s.path, s.authorization?.slice(0, 12) ?? null])).toEqual([
      ['/api/v1/auth/token', null],
      ['/api/v1/tickets', 'Bearer tok-1'],
      ['/api/v1/auth/token', null],
      ['/api/v1/tickets', 'Bearer tok-2'],
      ['/api/v1/tickets', 'Bearer tok-2'],
    ]);
    expect(JSON.parse(sent[1]?.body ?? '')).toEqual(walkIn);
  });

  it('renews the token once when the API no longer accepts it, and tries again', async () => {
    const sent = stubApi({
      '/api/v1/auth/token': [() => token('tok-1'), () => token('tok-2')],
      '/api/v1/tickets': [() => problem(401, 'unauthorized'), () => ticket('T001')],
    });
    const kiosk = useKioskStore();
    await kiosk.setUp('cl_kiosk', 'secret');
    await expect(kiosk.draw({ reference: 't-7kq2 m9xa', locationId: 'office-1' })).resolves.toMatchObject({
      number: 'T001',
    });
    expect(sent.map((s) => s.authorization?.slice(0, 12) ?? null)).toEqual([
      null,
      'Bearer tok-1',
      null,
      'Bearer tok-2',
    ]);
  });

  it('is out of service when identity no longer accepts the stored client, and keeps refusals of tickets as they are', async () => {
    window.localStorage.setItem(KIOSK_KEY, JSON.stringify({ clientId: 'cl_gone', clientSecret: 's' }));
    stubApi({
      '/api/v1/auth/token': [() => problem(401, 'invalid-client'), () => token('tok-3')],
      '/api/v1/tickets': [() => problem(409, 'day-full')],
    });
    const kiosk = useKioskStore();
    await expect(kiosk.draw(walkIn)).rejects.toMatchObject({ type: 'invalid-client' });
    expect(kiosk.refused).toBe(true);
    await expect(kiosk.draw(walkIn)).rejects.toMatchObject({ type: 'day-full' });
    expect(kiosk.refused).toBe(false); // accepted again (the admin restored it)
    expect(kiosk.ticket).toBeNull();
  });

  it('is reset only with the client secret it was set up with', async () => {
    stubApi({ '/api/v1/auth/token': [() => token('tok-1')] });
    const kiosk = useKioskStore();
    await kiosk.setUp('cl_kiosk', 'secret');
    expect(kiosk.reset('guess')).toBe(false);
    expect(kiosk.configured).toBe(true);
    expect(kiosk.reset('secret')).toBe(true);
    expect(kiosk.configured).toBe(false);
    expect(window.localStorage.getItem(KIOSK_KEY)).toBeNull();
  });
});
