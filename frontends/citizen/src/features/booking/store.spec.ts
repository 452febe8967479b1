import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import { BOOKING_STORAGE_KEY, useBookingStore } from './store';

// The app's API client asks for paths of its own origin ('/api/v1/…'), as in the browser; Node's Request
// needs an absolute URL. Before the client is created (on import), relative URLs resolve against the page.
const selection = {
  serviceId: '6e028ba8-67c6-5bd5-aee5-d6d010348829',
  locationId: '407747bb-1b8f-524b-924d-6176538b41d2',
  start: '2026-12-08T08:15:00.000+01:00',
};
const booked = {
  id: '019a0000-0000-7000-8000-000000000001',
  reference: 'T-ABCDEFGH',
  status: 'pending_confirmation',
  ...selection,
  end: '2026-12-08T08:35:00.000+01:00',
  expiresAt: '2026-12-06T13:30:00.000Z',
};

interface Sent {
  url: string;
  key: string | null;
  body: unknown;
}

/** fetch answering POST /appointments with the scripted responses in order, recording what was sent. */
function stubBookingApi(...answers: (() => Response)[]): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({
      url: request.url,
      key: request.headers.get('idempotency-key'),
      body: JSON.parse(await request.text()) as unknown,
    });
    const next = answers.shift();
    if (!next) throw new Error('no scripted answer');
    return next();
  });
  return sent;
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

describe('the booking store', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps a guest’s contact details in sessionStorage (not localStorage) and reads them back', () => {
    const store = useBookingStore();
    store.setContact({ name: ' Erika Mustermann ', email: 'erika@example.org ', phone: '' });
    expect(store.contact).toEqual({ name: 'Erika Mustermann', email: 'erika@example.org', phone: '' });
    expect(store.hasContact).toBe(true);
    expect(JSON.parse(window.sessionStorage.getItem(BOOKING_STORAGE_KEY) ?? '{}')).toMatchObject({
      contact: { name: 'Erika Mustermann', email: 'erika@example.org' },
    });
    expect(window.localStorage.getItem(BOOKING_STORAGE_KEY)).toBeNull();

    // a reload of the page: a new store picks them up
    setActivePinia(createPinia());
    expect(useBookingStore().contact.email).toBe('erika@example.org');
  });

  it('ignores a damaged stored value', () => {
    window.sessionStorage.setItem(BOOKING_STORAGE_KEY, '{"contact": 5, "idempotency": {"key": 1}}');
    const store = useBookingStore();
    expect(store.contact).toEqual({ name: '', email: '', phone: '' });
    expect(store.idempotency).toBeNull();
  });

  it('builds the request from the selection, with the contact only for guests', () => {
    const store = useBookingStore();
    store.setContact({ name: 'Erika', email: 'erika@example.org', phone: '0711 123456' });
    store.select(selection);
    expect(store.request(false)).toEqual(selection);
    expect(store.request(true)).toEqual({
      ...selection,
      contact: { name: 'Erika', email: 'erika@example.org', phone: '0711 123456' },
    });
  });

  it('keeps one Idempotency-Key per request until it changes', () => {
    const store = useBookingStore();
    const first = store.idempotencyKeyFor(selection);
    expect(store.idempotencyKeyFor({ ...selection })).toBe(first);
    // stored, so a reload of the check page sends the same key
    setActivePinia(createPinia());
    expect(useBookingStore().idempotencyKeyFor(selection)).toBe(first);
    const other = useBookingStore().idempotencyKeyFor({
      ...selection,
      start: '2026-12-08T08:30:00.000+01:00',
    });
    expect(other).not.toBe(first);
  });

  it('retries a failed booking with the same key, and forgets everything after success', async () => {
    const sent = stubBookingApi(
      json(503, { type: 'unavailable', title: 'Unavailable', status: 503 }),
      json(201, booked),
    );
    const store = useBookingStore();
    store.setContact({ name: 'Erika', email: 'erika@example.org', phone: '' });
    store.select(selection);

    const failure = await store.book(true).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiProblem);
    expect(store.contact.name).toBe('Erika');
    expect(store.completed).toBeNull();

    const appointment = await store.book(true);
    expect(appointment).toEqual(booked);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.url).toMatch(/\/api\/v1\/appointments$/);
    expect(sent[0]?.key).toBeTruthy();
    expect(sent[1]?.key).toBe(sent[0]?.key);
    expect(sent[1]?.body).toEqual({ ...selection, contact: { name: 'Erika', email: 'erika@example.org' } });

    expect(store.completed).toEqual({ appointment: booked, guest: true, email: 'erika@example.org' });
    expect(store.contact).toEqual({ name: '', email: '', phone: '' });
    expect(store.idempotency).toBeNull();
    expect(store.selection).toBeNull();
    expect(window.sessionStorage.getItem(BOOKING_STORAGE_KEY)).toBeNull();
  });

  it('uses a new key for the next booking after a success', async () => {
    const sent = stubBookingApi(json(201, booked), json(201, { ...booked, id: 'other' }));
    const store = useBookingStore();
    store.select(selection);
    await store.book(false);
    store.select(selection);
    await store.book(false);
    expect(sent[0]?.body).toEqual(selection);
    expect(sent[1]?.key).not.toBe(sent[0]?.key);
  });

  it('hands a notice over once, and reset forgets the booking in progress', () => {
    const store = useBookingStore();
    store.notice = { kind: 'slot-taken', start: selection.start };
    expect(store.takeNotice()).toEqual({ kind: 'slot-taken', start: selection.start });
    expect(store.takeNotice()).toBeNull();

    store.setContact({ name: 'Erika', email: 'erika@example.org', phone: '' });
    store.idempotencyKeyFor(selection);
    store.serverErrors = { email: 'emailInvalid' };
    store.reset();
    expect(store.hasContact).toBe(false);
    expect(store.idempotency).toBeNull();
    expect(store.serverErrors).toEqual({});
    expect(window.sessionStorage.getItem(BOOKING_STORAGE_KEY)).toBeNull();
  });
});
