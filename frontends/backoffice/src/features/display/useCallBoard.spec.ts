import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import {
  type FakeEventSource,
  fakeEventSources,
  fakeStreamEnvironment,
} from '../../composables/fakeEventSource';
import type { Call, QueueSummary } from './api';
import { useCallBoard } from './useCallBoard';

const environment = fakeStreamEnvironment();

/** The display stream delivers a call. */
const streamCall = (source: FakeEventSource, id: string, number: string, counter: string, recall = false) =>
  source.emit('call', { number, counter, recall, calledAt: new Date().toISOString() }, id);

const call = (id: string, number: string, counter: string, recall = false): Call => ({
  id,
  number,
  counter,
  recall,
  calledAt: new Date().toISOString(),
});

const queue = (lastCalled: Call[]): QueueSummary => ({
  waiting: 0,
  estimatedWaitMinutes: 0,
  walkInsEnabled: true,
  services: [],
  lastCalled,
});

function setup(load: () => Promise<QueueSummary>) {
  const { sources, factory } = fakeEventSources();
  const batches: string[][] = [];
  const scope = effectScope();
  const board = scope.run(() =>
    useCallBoard({
      locationId: 'office-1',
      size: 3,
      load,
      onNewCalls: (calls) => batches.push(calls.map((c) => `${c.number}→${c.counter}${c.recall ? '!' : ''}`)),
      stream: {
        factory,
        environment,
        random: () => 1,
        backoff: { initialMs: 1000, maxMs: 4000 },
      },
    }),
  )!;
  const latest = (): FakeEventSource => sources[sources.length - 1]!;
  const numbers = (): string[] => board.calls.value.map((c) => `${c.number}→${c.counter}`);
  return { board, sources, latest, batches, numbers, scope };
}

describe('useCallBoard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-14T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows the last calls at once, then listens after the newest of them (nothing missed, nothing twice)', async () => {
    const { board, latest, batches, numbers } = setup(() =>
      Promise.resolve(queue([call('12', 'A002', 'Schalter 2'), call('11', 'A001', 'Schalter 1')])),
    );
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(board.loaded.value).toBe(true);
    expect(numbers()).toEqual(['A002→Schalter 2', 'A001→Schalter 1']);
    expect(latest().url).toBe('/api/v1/locations/office-1/display?lastEventId=12');
    latest().open();
    expect(board.state.value).toBe('open');
    streamCall(latest(), '12', 'A002', 'Schalter 2'); // a repeat of what is shown
    streamCall(latest(), '13', 'T001', 'Schalter 1');
    expect(numbers()).toEqual(['T001→Schalter 1', 'A002→Schalter 2', 'A001→Schalter 1']);
    expect([board.isLive('13'), board.isLive('12')]).toEqual([true, false]);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(batches).toEqual([['T001→Schalter 1']]);
  });

  it('announces a burst of calls once, newest first, and shows a recalled number once, at its latest call', async () => {
    const { board, latest, batches, numbers } = setup(() => Promise.resolve(queue([])));
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe('/api/v1/locations/office-1/display');
    streamCall(latest(), '1', 'A001', 'Schalter 1');
    streamCall(latest(), '2', 'A002', 'Schalter 2');
    await vi.advanceTimersByTimeAsync(300);
    streamCall(latest(), '3', 'A001', 'Schalter 1', true);
    await vi.advanceTimersByTimeAsync(300);
    expect(batches).toEqual([['A002→Schalter 2', 'A001→Schalter 1'], ['A001→Schalter 1!']]);
    expect(numbers()).toEqual(['A001→Schalter 1', 'A002→Schalter 2']);
    expect(board.calls.value[0]?.recall).toBe(true);
  });

  it('keeps the screen to its size', async () => {
    const { board, latest, numbers } = setup(() => Promise.resolve(queue([])));
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 1; i <= 5; i += 1) streamCall(latest(), String(i), `A00${i}`, 'Schalter 1');
    expect(numbers()).toEqual(['A005→Schalter 1', 'A004→Schalter 1', 'A003→Schalter 1']);
  });

  it('resumes after the last call it received when the stream comes back, and says it was offline meanwhile', async () => {
    const { board, sources, latest, batches } = setup(() =>
      Promise.resolve(queue([call('7', 'A001', 'Schalter 1')])),
    );
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    streamCall(latest(), '8', 'A002', 'Schalter 2');
    latest().fail();
    expect(board.state.value).toBe('offline');
    expect(board.offlineSince.value).toEqual(new Date('2026-12-14T09:00:00Z'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sources).toHaveLength(2);
    expect(latest().url).toBe('/api/v1/locations/office-1/display?lastEventId=8');
    latest().open();
    streamCall(latest(), '9', 'A003', 'Schalter 1'); // called while the screen was offline
    await vi.advanceTimersByTimeAsync(300);
    expect(board.state.value).toBe('open');
    expect(board.offlineSince.value).toBeNull();
    expect(batches.at(-1)).toEqual(['A003→Schalter 1']);
  });

  it('tries the first list again with backoff while the office cannot be reached, offline meanwhile', async () => {
    const load = vi
      .fn<() => Promise<QueueSummary>>()
      .mockRejectedValueOnce(new Error('502'))
      .mockRejectedValueOnce(new Error('502'))
      .mockResolvedValue(queue([call('3', 'A001', 'Schalter 1')]));
    const { board, sources } = setup(load);
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(board.state.value).toBe('offline');
    expect(sources).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(load).toHaveBeenCalledTimes(3);
    expect(board.loaded.value).toBe(true);
    expect(board.state.value).toBe('connecting');
    expect(sources[0]?.url).toContain('lastEventId=3');
  });

  it('lets the calls of an earlier day leave the screen', async () => {
    const { board, numbers } = setup(() => Promise.resolve(queue([call('3', 'A001', 'Schalter 1')])));
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(numbers()).toEqual(['A001→Schalter 1']);
    vi.setSystemTime(new Date('2026-12-14T23:00:30Z')); // after midnight in Esslingen
    await vi.advanceTimersByTimeAsync(30_000);
    expect(numbers()).toEqual([]);
  });

  it('stops listening and retrying when its scope ends', async () => {
    const { board, sources, latest, scope } = setup(() => Promise.resolve(queue([])));
    board.start();
    await vi.advanceTimersByTimeAsync(0);
    scope.stop();
    expect(latest().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sources).toHaveLength(1);
  });
});
