import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { ApiProblem } from '@buergeramt/api-client';
import { clerkLogin, COUNTER, json, LOCATION, problem, stubApi, ticket } from '../features/office/testing';
import { session } from '../services/api';
import { useCallUpStore } from './callUp';
import { useWorkplaceStore } from './workplace';

const CALL_NEXT = `POST /locations/${LOCATION}/counters/${COUNTER}/call-next`;
const at = (status: 'called' | 'in_service', number = 'A001', counter = 'Schalter 2') =>
  ticket(number, { status, counter, calledAt: '2026-12-07T09:00:00.000Z' });

/** The store of a page load at a device whose workplace is LOCATION, COUNTER ("Schalter 2"). */
function load() {
  setActivePinia(createPinia());
  useWorkplaceStore().choose(LOCATION, COUNTER);
  return useCallUpStore();
}

describe('the call-up at the counter', () => {
  beforeEach(() => {
    window.localStorage.clear();
    session.start(clerkLogin());
  });
  afterEach(() => {
    session.end('logout', false);
    vi.unstubAllGlobals();
  });

  it('calls the next person, and goes through recall, start and complete', async () => {
    const sent = stubApi({
      [CALL_NEXT]: [json(200, at('called'))],
      'POST /tickets/ticket-A001/recall': [json(200, at('called'))],
      'POST /tickets/ticket-A001/start': [json(200, at('in_service'))],
      'POST /tickets/ticket-A001/complete': [json(200, ticket('A001', { status: 'completed' }))],
    });
    const callUp = load();
    expect(callUp.allows('call-next')).toBe(true);
    expect(callUp.allows('start')).toBe(false);

    await callUp.callNext();
    expect(callUp.ticket?.number).toBe('A001');
    expect(callUp.active).toBe(true);
    expect(callUp.outcome).toEqual({ kind: 'called', number: 'A001' });
    // one person at a time: the next call waits until this one is finished
    expect(callUp.allows('call-next')).toBe(false);
    expect(['recall', 'start', 'complete', 'no-show'].map((s) => callUp.allows(s as 'start'))).toEqual([
      true,
      true,
      true,
      true,
    ]);

    await callUp.act('recall');
    expect(callUp.outcome).toEqual({ kind: 'recalled', number: 'A001' });
    await callUp.act('start');
    expect(callUp.ticket?.status).toBe('in_service');
    expect(['recall', 'start', 'complete', 'no-show'].map((s) => callUp.allows(s as 'start'))).toEqual([
      false,
      false,
      true,
      false,
    ]);
    await callUp.act('complete');
    expect(callUp.ticket).toBeNull();
    expect(callUp.active).toBe(false);
    expect(callUp.outcome).toEqual({ kind: 'completed', number: 'A001' });
    expect(callUp.allows('call-next')).toBe(true);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      CALL_NEXT,
      'POST /tickets/ticket-A001/recall',
      'POST /tickets/ticket-A001/start',
      'POST /tickets/ticket-A001/complete',
    ]);
    expect(callUp.version).toBe(4);
  });

  it('says calmly that nobody is waiting (204), and marks a called person as not come', async () => {
    stubApi({
      [CALL_NEXT]: [json(204), json(200, at('called', 'T002'))],
      'POST /tickets/ticket-T002/no-show': [json(200, ticket('T002', { status: 'no_show' }))],
    });
    const callUp = load();
    await callUp.callNext();
    expect(callUp.ticket).toBeNull();
    expect(callUp.problem).toBeNull();
    expect(callUp.outcome).toEqual({ kind: 'nobody-waiting' });
    await callUp.callNext();
    await callUp.act('no-show');
    expect(callUp.ticket).toBeNull();
    expect(callUp.outcome).toEqual({ kind: 'no-show', number: 'T002' });
  });

  it('takes one step at a time: a second press while a step runs does nothing', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const sent = stubApi({
      [CALL_NEXT]: [
        async () => {
          await answered;
          return json(200, at('called'));
        },
      ],
    });
    const callUp = load();
    const first = callUp.callNext();
    expect(callUp.pending).toBe('call-next');
    await callUp.callNext();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    release();
    await first;
    expect(sent).toHaveLength(1);
    expect(callUp.ticket?.number).toBe('A001');
  });

  it('finds the ticket at its counter again after a reload, from the agenda’s tickets', () => {
    const callUp = load();
    const tickets = [
      at('called', 'T001', 'Schalter 1'),
      ticket('A002', { status: 'completed', counter: 'Schalter 2' }),
      at('called', 'A003'),
      ticket('A004'),
    ];
    expect(callUp.reconcile(tickets, 'Schalter 2', callUp.version)).toBe(true);
    expect(callUp.ticket?.number).toBe('A003');
    expect(callUp.outcome).toEqual({ kind: 'recovered', number: 'A003', status: 'called' });
    expect(callUp.active).toBe(true);

    // in service before called: the one to finish first
    const again = load();
    again.reconcile([at('called', 'A005'), at('in_service', 'A006')], 'Schalter 2', again.version);
    expect(again.ticket?.number).toBe('A006');

    // nothing at this counter: nothing to find
    const idle = load();
    idle.reconcile([at('called', 'T001', 'Schalter 1')], 'Schalter 2', idle.version);
    expect(idle.ticket).toBeNull();
    expect(idle.outcome).toBeNull();
  });

  it('ignores a reading of the day that began before its latest step', async () => {
    stubApi({ [CALL_NEXT]: [json(200, at('called'))] });
    const callUp = load();
    const before = callUp.version;
    await callUp.callNext();
    // the reading began before the call: it knows nothing of A001 yet and must not drop it
    expect(callUp.reconcile([], 'Schalter 2', before)).toBe(false);
    expect(callUp.ticket?.number).toBe('A001');
    expect(callUp.reconcile([at('called')], 'Schalter 2', callUp.version)).toBe(true);
    expect(callUp.ticket?.number).toBe('A001');
  });

  it('explains a 409 and lets the next reading say what became of the ticket', async () => {
    stubApi({
      [CALL_NEXT]: [json(200, at('called'))],
      'POST /tickets/ticket-A001/start': [problem(409, 'ticket-state')],
    });
    const callUp = load();
    await callUp.callNext();
    const before = callUp.version;
    await callUp.act('start');
    expect((callUp.problem?.error as ApiProblem).type).toBe('ticket-state');
    expect(callUp.problem).toMatchObject({ step: 'start', number: 'A001' });
    expect(callUp.version).toBe(before + 1);
    // the ticket stays until the day's tickets say otherwise
    expect(callUp.ticket?.number).toBe('A001');

    // the automatic no-show (nobody came within the grace time) had finished it
    callUp.reconcile(
      [ticket('A001', { status: 'no_show', counter: 'Schalter 2' })],
      'Schalter 2',
      callUp.version,
    );
    expect(callUp.ticket).toBeNull();
    expect(callUp.problem).toBeNull();
    expect(callUp.outcome).toEqual({ kind: 'changed-elsewhere', number: 'A001', status: 'no_show' });
  });

  it('follows a ticket started in another window', async () => {
    stubApi({ [CALL_NEXT]: [json(200, at('called'))] });
    const callUp = load();
    await callUp.callNext();
    callUp.reconcile([at('in_service')], 'Schalter 2', callUp.version);
    expect(callUp.ticket?.status).toBe('in_service');
    expect(callUp.outcome).toEqual({ kind: 'changed-elsewhere', number: 'A001', status: 'in_service' });
  });

  it('never loses a call whose answer was lost: the next reading finds it', async () => {
    stubApi({
      [CALL_NEXT]: [
        () => {
          throw new TypeError('Failed to fetch');
        },
      ],
    });
    const callUp = load();
    await callUp.callNext();
    expect((callUp.problem?.error as ApiProblem).type).toBe('network-error');
    expect(callUp.ticket).toBeNull();
    callUp.reconcile([at('called', 'A007')], 'Schalter 2', callUp.version);
    expect(callUp.ticket?.number).toBe('A007');
    expect(callUp.problem).toBeNull();
  });

  it('explains a counter taken out of service, and forgets the ticket when the workplace changes', async () => {
    stubApi({ [CALL_NEXT]: [problem(409, 'counter-inactive')] });
    const callUp = load();
    await callUp.callNext();
    expect((callUp.problem?.error as ApiProblem).type).toBe('counter-inactive');
    callUp.reconcile([at('called')], 'Schalter 2', callUp.version);
    expect(callUp.ticket).not.toBeNull();
    useWorkplaceStore().choose(LOCATION, 'another-counter');
    await nextTick();
    expect(callUp.ticket).toBeNull();
    expect(callUp.problem).toBeNull();
  });

  it('does not call without a chosen counter', async () => {
    const sent = stubApi({});
    setActivePinia(createPinia());
    const callUp = useCallUpStore();
    expect(callUp.allows('call-next')).toBe(false);
    await callUp.callNext();
    expect(sent).toHaveLength(0);
  });
});
