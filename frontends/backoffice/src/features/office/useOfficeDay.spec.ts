import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import type { EventSourceLike } from '../../composables/useEventStream';
import type { PollVisibility } from '../../composables/usePoll';
import { i18n } from '../../i18n';
import { session } from '../../services/api';
import { useCallUpStore } from '../../stores/callUp';
import { useWorkplaceStore } from '../../stores/workplace';
import type { QueueSummary } from '../display/api';
import {
  agenda,
  appointment,
  clerkLogin,
  COUNTER,
  json,
  LOCATION,
  type Sent,
  stubApi,
  ticket,
} from './testing';
import { AGENDA_MAX_AGE_MS, type OfficeDay, QUEUE_POLL_MS, useOfficeDay } from './useOfficeDay';

const AGENDA = `GET /locations/${LOCATION}/agenda`;
const QUEUE = `GET /locations/${LOCATION}/queue`;
const CALL_NEXT = `POST /locations/${LOCATION}/counters/${COUNTER}/call-next`;

const queue = (waiting: number, lastCallId: string | null = '41'): QueueSummary => ({
  waiting,
  estimatedWaitMinutes: waiting * 5,
  walkInsEnabled: true,
  services: [],
  lastCalled: lastCallId
    ? [
        {
          id: lastCallId,
          number: 'T001',
          counter: 'Schalter 1',
          recall: false,
          calledAt: '2026-12-07T08:30:00Z',
        },
      ]
    : [],
});

/** A fake EventSource the test sends calls through. */
class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  readonly listeners: ((event: MessageEvent<string>) => void)[] = [];
  constructor(readonly url: string) {}
  addEventListener(_type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.closed = true;
  }
  call(id: string): void {
    const event = new MessageEvent<string>('call', { data: '{}', lastEventId: id });
    for (const listener of this.listeners) listener(event);
  }
}

const visible: PollVisibility = { hidden: () => false, onChange: () => () => undefined };
const count = (sent: Sent[], key: string) => sent.filter((s) => `${s.method} ${s.path}` === key).length;

let sources: FakeSource[];
let day: OfficeDay;
const counterName = ref<string | null>('Schalter 2');

function render() {
  const wrapper = mount(
    defineComponent({
      setup() {
        day = useOfficeDay({
          locationId: () => LOCATION,
          counterName: () => counterName.value,
          streamFactory: (url) => {
            const source = new FakeSource(url);
            sources.push(source);
            return source;
          },
          visibility: visible,
        });
        return () => h('p');
      },
    }),
    { global: { plugins: [i18n] } },
  );
  return wrapper;
}

describe('the day at the counter, kept current', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    window.localStorage.clear();
    setActivePinia(createPinia());
    useWorkplaceStore().choose(LOCATION, COUNTER);
    session.start(clerkLogin());
    sources = [];
    counterName.value = 'Schalter 2';
  });
  afterEach(() => {
    session.end('logout', false);
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('reads agenda and queue, and finds the ticket called to this counter (a reload)', async () => {
    stubApi({
      [AGENDA]: [
        json(
          200,
          agenda(
            [appointment(1)],
            [ticket('T001', { status: 'called', counter: 'Schalter 2', appointmentId: 'appointment-1' })],
          ),
        ),
      ],
      [QUEUE]: [json(200, queue(2))],
    });
    const wrapper = render();
    await flushPromises();
    expect(day.agenda.data.value?.agenda.appointments).toHaveLength(1);
    expect(day.queue.data.value?.waiting).toBe(2);
    expect(day.updatedAt.value).not.toBeNull();
    expect(useCallUpStore().ticket?.number).toBe('T001');
    // the display stream resumes after the newest call the queue showed
    expect(sources[0]?.url).toBe(`/api/v1/locations/${LOCATION}/display?lastEventId=41`);
    wrapper.unmount();
    expect(sources[0]?.closed).toBe(true);
  });

  it('finds the ticket once the counter’s name is known', async () => {
    counterName.value = null;
    stubApi({
      [AGENDA]: [json(200, agenda([], [ticket('A001', { status: 'in_service', counter: 'Schalter 2' })]))],
      [QUEUE]: [json(200, queue(0))],
    });
    const wrapper = render();
    await flushPromises();
    expect(useCallUpStore().ticket).toBeNull();
    counterName.value = 'Schalter 2';
    await flushPromises();
    expect(useCallUpStore().ticket?.number).toBe('A001');
    wrapper.unmount();
  });

  it('asks the queue every 15 s, and reads the agenda again only when the queue moved or it is old', async () => {
    const sent = stubApi({
      [AGENDA]: [json(200, agenda([]))],
      [QUEUE]: [json(200, queue(2)), json(200, queue(2)), json(200, queue(3))],
    });
    const wrapper = render();
    await flushPromises();
    expect([count(sent, QUEUE), count(sent, AGENDA)]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS);
    await flushPromises();
    // nothing moved: the audited agenda is not read
    expect([count(sent, QUEUE), count(sent, AGENDA)]).toEqual([2, 1]);
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS);
    await flushPromises();
    // someone checked in at the kiosk: three wait now
    expect([count(sent, QUEUE), count(sent, AGENDA)]).toEqual([3, 2]);
    await vi.advanceTimersByTimeAsync(AGENDA_MAX_AGE_MS);
    await flushPromises();
    expect(count(sent, AGENDA)).toBeGreaterThanOrEqual(3);
    wrapper.unmount();
  });

  it('reads the day again when a call comes by the display stream, once for calls close together', async () => {
    const sent = stubApi({
      [AGENDA]: [json(200, agenda([]))],
      [QUEUE]: [json(200, queue(2, null))],
    });
    const wrapper = render();
    await flushPromises();
    expect(sources[0]?.url).toBe(`/api/v1/locations/${LOCATION}/display`);
    sources[0]?.call('42');
    sources[0]?.call('43');
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();
    expect([count(sent, QUEUE), count(sent, AGENDA)]).toEqual([2, 2]);
    wrapper.unmount();
  });

  it('reads the day again after every step at the counter', async () => {
    const sent = stubApi({
      [AGENDA]: [json(200, agenda([]))],
      [QUEUE]: [json(200, queue(1))],
      [CALL_NEXT]: [json(204)],
    });
    const wrapper = render();
    await flushPromises();
    await useCallUpStore().callNext();
    await flushPromises();
    expect([count(sent, QUEUE), count(sent, AGENDA)]).toEqual([2, 2]);
    wrapper.unmount();
  });
});
