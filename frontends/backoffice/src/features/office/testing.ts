// Test helpers of the counter's specs (not part of the app's bundle: only specs import this file).
import { vi } from 'vitest';
import type { LoginResult } from '@buergeramt/api-client';
import type { Agenda, AgendaAppointment, Ticket } from './api';

export const LOCATION = '0f4c8f1e-5a4e-4a55-9c1e-5d6f7a8b9c0d';
export const COUNTER = '1a2b3c4d-0000-4000-8000-000000000002';
export const SERVICE = '6e028ba8-67c6-5bd5-aee5-d6d010348829';

/** A clerk as identity's log-in answers: of `locationIds` (default: no list, every location). */
export const clerkLogin = (locationIds?: string[]): LoginResult => ({
  accessToken: 'token',
  expiresIn: 600,
  user: {
    id: 'u1',
    email: 'max@rathaus.example',
    givenName: 'Max',
    familyName: 'Schalter',
    roles: ['clerk'],
    locationIds,
  },
});

/** A ticket of today at LOCATION; `overrides` set status, counter, times. */
export function ticket(number: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: `ticket-${number}`,
    number,
    status: 'waiting',
    kind: number.startsWith('A') ? 'walk_in' : 'appointment',
    locationId: LOCATION,
    serviceId: SERVICE,
    appointmentId: null,
    position: null,
    estimatedWaitMinutes: null,
    counter: null,
    arrivedAt: '2026-12-07T08:00:00.000Z',
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** An appointment of today's agenda at 09:00 + `index` × 5 minutes (city time). */
export function appointment(index: number, overrides: Partial<AgendaAppointment> = {}): AgendaAppointment {
  const minutes = String(index * 5).padStart(2, '0');
  return {
    id: `appointment-${index}`,
    reference: `T-AB${String(index).padStart(6, '0')}`,
    status: 'confirmed',
    serviceId: SERVICE,
    serviceName: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
    start: `2026-12-07T09:${minutes}:00.000+01:00`,
    end: `2026-12-07T09:${String(index * 5 + 5).padStart(2, '0')}:00.000+01:00`,
    counter: 'Schalter 1',
    contact: null,
    userId: null,
    name: `Person ${index}`,
    ticketNumber: null,
    ...overrides,
  };
}

export const agenda = (appointments: AgendaAppointment[], tickets: Ticket[] = []): Agenda => ({
  date: '2026-12-07',
  appointments,
  tickets,
});

export const json = (status: number, body?: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

export const problem = (status: number, type: string): Response =>
  json(status, { type, title: type, status, detail: `${type} (detail)` });

export interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/**
 * fetch answering `METHOD /path` (without /api/v1) with the scripted answers in order (the last one
 * repeats); an answer may be a Response or a function making one, at once or later (throw for a
 * network failure).
 */
export function stubApi(
  answers: Record<string, (Response | (() => Response | Promise<Response>))[]>,
): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^\/api\/v1/, '');
    const text = await request.clone().text();
    sent.push({ method: request.method, path, body: text ? (JSON.parse(text) as unknown) : undefined });
    const key = `${request.method} ${path}`;
    const queue = answers[key];
    if (!queue?.length) throw new Error(`no scripted answer for ${key}`);
    const next = queue.length > 1 ? queue.shift() : queue[0];
    const answer = typeof next === 'function' ? await next() : next;
    // a Response can be read once: scripted ones that repeat are cloned
    return answer?.clone();
  });
  return sent;
}
