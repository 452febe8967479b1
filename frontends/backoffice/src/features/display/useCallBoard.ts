import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, type ComputedRef, type Ref } from 'vue';
import { cityDay, cityToday } from '@buergeramt/ui';
import {
  backoffDelay,
  type EventStreamOptions,
  type EventStreamState,
  useEventStream,
} from '../../composables/useEventStream';
import { type Call, displayStreamUrl, loadQueue, type QueueSummary } from './api';

export type { Call } from './api';

export interface CallBoardOptions {
  locationId: string;
  /** how many numbers the screen shows: the newest and the ones before it (default 6) */
  size?: number;
  /**
   * Called with the calls that came in (live, or missed while the screen was offline), newest first, once
   * per burst: calls that arrive within `batchMs` of each other are one announcement and one chime.
   */
  onNewCalls?: (calls: Call[]) => void;
  batchMs?: number;
  /** the first list (default GET /locations/{id}/queue) */
  load?: (locationId: string) => Promise<QueueSummary>;
  /** the stream's factory, environment, backoff, random (tests) */
  stream?: Pick<EventStreamOptions, 'factory' | 'environment' | 'backoff' | 'random'>;
}

export interface CallBoard {
  /** the numbers on the screen, newest first: each number once, at its latest call, today's only */
  calls: ComputedRef<Call[]>;
  /** the first list is there (from the queue) */
  loaded: Ref<boolean>;
  state: ComputedRef<EventStreamState>;
  /** since when the screen has not been current (null while it is) */
  offlineSince: ComputedRef<Date | null>;
  /** whether a call came in while the screen was on (not with the first list) */
  isLive: (id: string) => boolean;
  start(): void;
}

/** Call ids are increasing integers (as text, beyond 2^53 in principle): newer first. */
const newerFirst = (a: Call, b: Call): number =>
  a.id.length !== b.id.length ? b.id.length - a.id.length : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

function asCall(data: string, id: string): Call | null {
  try {
    const value = JSON.parse(data) as Partial<Call>;
    if (typeof value.number !== 'string' || typeof value.counter !== 'string' || !id) return null;
    return {
      id,
      number: value.number,
      counter: value.counter,
      recall: value.recall === true,
      calledAt: typeof value.calledAt === 'string' ? value.calledAt : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

/**
 * The calls a waiting-room screen shows, never one lost: first the office's last calls (GET …/queue,
 * retried with backoff until it answers, so a reloaded screen is not empty), then its display stream
 * resumed after the newest of them, so nothing called in between is missed and nothing shows twice. The
 * stream reconnects by itself (useEventStream) after the last call it delivered. Calls of an earlier day
 * leave the screen at midnight.
 */
export function useCallBoard(options: CallBoardOptions): CallBoard {
  const size = options.size ?? 6;
  const batchMs = options.batchMs ?? 300;
  const load = options.load ?? loadQueue;

  const received = shallowRef<Call[]>([]);
  const loaded = ref(false);
  const loadFailedSince = shallowRef<Date | null>(null);
  const today = ref(cityToday());
  let loadFailures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let batch: Call[] = [];
  let flush: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const live = new Set<string>();

  const stream = useEventStream({
    ...options.stream,
    url: displayStreamUrl(options.locationId),
    on: { call: receive },
  });

  function receive(data: string, id: string): void {
    const call = asCall(data, id);
    if (!call || received.value.some((known) => known.id === call.id)) return;
    // enough to fill the screen even when the newest are several calls of the same numbers
    live.add(call.id);
    received.value = [call, ...received.value].sort(newerFirst).slice(0, size * 4);
    batch.push(call);
    clearTimeout(flush);
    flush = setTimeout(() => {
      const calls = batch.sort(newerFirst);
      batch = [];
      options.onNewCalls?.(calls);
    }, batchMs);
  }

  async function start(): Promise<void> {
    clearTimeout(retry);
    try {
      const queue = await load(options.locationId);
      if (stopped) return;
      received.value = [...queue.lastCalled].sort(newerFirst);
      loaded.value = true;
      loadFailedSince.value = null;
      stream.open(received.value[0]?.id ?? null);
    } catch {
      if (stopped) return;
      loadFailedSince.value ??= new Date();
      loadFailures += 1;
      retry = setTimeout(() => void start(), backoffDelay(loadFailures, options.stream?.backoff));
    }
  }

  const dayTimer = setInterval(() => (today.value = cityToday()), 30_000);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(flush);
      clearInterval(dayTimer);
    });
  }

  const calls = computed(() => {
    const seen = new Set<string>();
    const shown: Call[] = [];
    for (const call of received.value) {
      if (seen.has(call.number) || cityDay(call.calledAt) !== today.value) continue;
      seen.add(call.number);
      shown.push(call);
      if (shown.length === size) break;
    }
    return shown;
  });
  const state = computed<EventStreamState>(() => {
    if (loaded.value) return stream.state.value;
    return loadFailedSince.value ? 'offline' : 'connecting';
  });
  const offlineSince = computed(() => (loaded.value ? stream.offlineSince.value : loadFailedSince.value));

  return {
    calls,
    loaded,
    state,
    offlineSince,
    isLive: (id) => live.has(id),
    start: () => void start(),
  };
}
