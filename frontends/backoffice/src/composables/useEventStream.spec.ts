import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { fakeEventSources, fakeStreamEnvironment, type FakeEventSource } from './fakeEventSource';
import { backoffDelay, resumeUrl, useEventStream } from './useEventStream';

function setup(random = () => 0.5) {
  const { sources, factory } = fakeEventSources();
  const calls: { data: unknown; id: string }[] = [];
  const environment = fakeStreamEnvironment();
  const scope = effectScope();
  const stream = scope.run(() =>
    useEventStream({
      url: '/api/v1/locations/abc/display',
      on: { call: (data, id) => calls.push({ data: JSON.parse(data) as unknown, id }) },
      factory,
      backoff: { initialMs: 1000, maxMs: 8000 },
      random,
      environment,
    }),
  )!;
  const latest = (): FakeEventSource => sources[sources.length - 1]!;
  return { stream, sources, latest, calls, environment, scope };
}

describe('useEventStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-14T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('connects, reports open and hands each event with its id to the handler of its type', () => {
    const { stream, latest, calls } = setup();
    stream.open();
    expect(stream.state.value).toBe('connecting');
    expect(latest().url).toBe('/api/v1/locations/abc/display');
    latest().open();
    expect(stream.state.value).toBe('open');
    latest().emit('call', { number: 'A017', counter: 'Schalter 3' }, '41');
    expect(calls).toEqual([{ data: { number: 'A017', counter: 'Schalter 3' }, id: '41' }]);
    expect(stream.lastEventId.value).toBe('41');
  });

  it('starts after the id of what the page already shows', () => {
    const { stream, latest } = setup();
    stream.open('40');
    expect(latest().url).toBe('/api/v1/locations/abc/display?lastEventId=40');
  });

  it('reconnects by itself after an error (which the browser gives up on), resuming after the last id', () => {
    const { stream, sources, latest } = setup();
    stream.open();
    latest().open();
    latest().emit('call', { number: 'A017' }, '41');
    latest().fail();
    expect(sources[0]!.closed).toBe(true);
    expect(stream.state.value).toBe('offline');
    expect(stream.offlineSince.value).toEqual(new Date('2026-12-14T09:00:00Z'));
    vi.advanceTimersByTime(749); // 1 s with the jitter at its middle: 0.75 s
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    expect(latest().url).toBe('/api/v1/locations/abc/display?lastEventId=41');
    latest().open();
    expect(stream.state.value).toBe('open');
    expect(stream.offlineSince.value).toBeNull();
    expect(stream.failures.value).toBe(0);
  });

  it('waits longer after each failure in a row, up to the cap, and starts over once connected', () => {
    const { stream, sources, latest } = setup(() => 1); // the longest jitter: the full delay
    stream.open();
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      latest().fail();
      const before = sources.length;
      let waited = 0;
      while (sources.length === before) {
        vi.advanceTimersByTime(250);
        waited += 250;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    // the time of the first loss stays: the screen was current until then
    expect(stream.offlineSince.value).toEqual(new Date('2026-12-14T09:00:00Z'));
    latest().open();
    latest().fail();
    vi.advanceTimersByTime(1000);
    expect(stream.state.value).toBe('offline');
    expect(sources).toHaveLength(8);
  });

  it('spreads the delays with jitter, never below half of them', () => {
    expect(backoffDelay(1, {}, () => 0)).toBe(500);
    expect(backoffDelay(1, {}, () => 1)).toBe(1000);
    expect(backoffDelay(3, {}, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, {}, () => 1)).toBe(30_000);
    expect(backoffDelay(20, { maxMs: 10_000 }, () => 0)).toBe(5000);
  });

  it('makes no attempt while the page is hidden, and one at once when it shows again', () => {
    const { stream, sources, latest, environment } = setup();
    stream.open();
    latest().open();
    environment.setHidden(true);
    latest().fail();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
    expect(stream.state.value).toBe('offline');
    environment.setHidden(false);
    expect(sources).toHaveLength(2);
  });

  it('keeps an open connection while hidden, and tries at once when the network is back', () => {
    const { stream, sources, latest, environment } = setup();
    stream.open();
    latest().open();
    environment.setHidden(true);
    vi.advanceTimersByTime(60_000);
    expect(sources[0]!.closed).toBe(false);
    environment.setHidden(false);
    expect(sources).toHaveLength(1);
    latest().fail();
    environment.goOnline();
    expect(sources).toHaveLength(2);
  });

  it('ignores a replaced source, and reconnects at once when asked', () => {
    const { stream, sources, calls } = setup();
    stream.open();
    sources[0]!.open();
    stream.reconnect();
    expect(sources[0]!.closed).toBe(true);
    sources[0]!.emit('call', { number: 'X' }, '99');
    sources[0]!.fail();
    expect(calls).toEqual([]);
    expect(stream.state.value).toBe('open');
    expect(sources).toHaveLength(2);
  });

  it('stops when its scope ends: closed, no further attempt', () => {
    const { stream, sources, latest, scope } = setup();
    stream.open();
    latest().fail();
    scope.stop();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
    stream.reconnect();
    expect(sources).toHaveLength(1);
  });

  it('adds the resume id to an address with or without a query', () => {
    expect(resumeUrl('/display', null)).toBe('/display');
    expect(resumeUrl('/display', '7')).toBe('/display?lastEventId=7');
    expect(resumeUrl('/display?x=1', '7')).toBe('/display?x=1&lastEventId=7');
  });
});
