import { getCurrentScope, onScopeDispose, readonly, ref, shallowRef, type Ref } from 'vue';

/**
 * `connecting`: the first connection is being made; `open`: events arrive; `offline`: the connection was
 * lost (or never made) and is being made again, since `offlineSince`.
 */
export type EventStreamState = 'connecting' | 'open' | 'offline';

/** What the composable needs of an EventSource: the browser's, or a fake in tests. */
export interface EventSourceLike {
  onopen: ((event: Event) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export interface BackoffOptions {
  /** the delay after the first failure (default 1 s) */
  initialMs?: number;
  /** the longest delay (default 30 s) */
  maxMs?: number;
  /** growth per failure in a row (default 2) */
  factor?: number;
}

export interface EventStreamOptions {
  /** the stream's address; `?lastEventId=` is added when resuming */
  url: string | (() => string);
  /** a handler per event type (`event: call` → `call`), with the event's data and id */
  on: Record<string, (data: string, id: string) => void>;
  /** makes the EventSource (default the browser's) */
  factory?: EventSourceFactory;
  backoff?: BackoffOptions;
  /** for the jitter (default Math.random) */
  random?: () => number;
  /** the page's visibility and network events (default `document` and `window`) */
  environment?: StreamEnvironment;
}

/** Where the composable learns that the page is hidden or the network is back (a fake in tests). */
export interface StreamEnvironment {
  hidden(): boolean;
  onVisible(listener: () => void): () => void;
  onOnline(listener: () => void): () => void;
}

export interface EventStream {
  state: Readonly<Ref<EventStreamState>>;
  /** when the connection was lost (the screen was current until then); null while open */
  offlineSince: Readonly<Ref<Date | null>>;
  /** the last event's id: a new connection resumes after it */
  lastEventId: Readonly<Ref<string | null>>;
  /** failed attempts in a row (0 while open) */
  failures: Readonly<Ref<number>>;
  /** Connects, resuming after `afterId` when given (a screen that loaded the calls up to it). */
  open(afterId?: string | null): void;
  /** Connects again now, after the last event (e.g. a person pressed "try again"). */
  reconnect(): void;
  /** Closes the connection and stops reconnecting (also when the component or scope ends). */
  close(): void;
}

/**
 * The delay before attempt `failures + 1`: exponential up to a cap, with "equal jitter" (half of it
 * fixed, half random), so screens that lost the same server do not all come back at the same instant,
 * and none comes back sooner than half the delay.
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 30_000;
  const factor = options.factor ?? 2;
  const base = Math.min(max, initial * factor ** Math.max(0, failures - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

/** `url` with `lastEventId` (the server also reads the Last-Event-ID header, which only the browser's own retries send). */
export function resumeUrl(url: string, lastEventId: string | null): string {
  if (lastEventId === null) return url;
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}lastEventId=${encodeURIComponent(lastEventId)}`;
}

const browserEnvironment: StreamEnvironment = {
  hidden: () => document.visibilityState === 'hidden',
  onVisible(listener) {
    const handler = (): void => {
      if (document.visibilityState === 'visible') listener();
    };
    document.addEventListener('visibilitychange', handler);
    return () => document.removeEventListener('visibilitychange', handler);
  },
  onOnline(listener) {
    window.addEventListener('online', listener);
    return () => window.removeEventListener('online', listener);
  },
};

/**
 * A server-sent event stream that keeps itself connected. The browser's EventSource retries by itself
 * only after a dropped connection, and gives up for good on an answer other than 200 (the gateway's 502
 * or 503 while a service restarts); so every error closes the source here and a new one is made after a
 * backoff (exponential with jitter, capped), resuming after the last event's id (`?lastEventId=`).
 * While the page is hidden no new attempt is made (a background tab does not knock on a server that is
 * down); it is made at once when the page shows again or the network comes back. A connection that is
 * open stays open while hidden. Stops when the calling component or effect scope ends.
 */
export function useEventStream(options: EventStreamOptions): EventStream {
  const factory: EventSourceFactory = options.factory ?? ((url) => new EventSource(url));
  const random = options.random ?? Math.random;
  const environment = options.environment ?? browserEnvironment;
  const urlOf = typeof options.url === 'function' ? options.url : () => options.url as string;

  const state = ref<EventStreamState>('connecting');
  const offlineSince = shallowRef<Date | null>(null);
  const lastEventId = ref<string | null>(null);
  const failures = ref(0);

  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = false;
  /** a reconnect that waits for the page to show again */
  let waitingForVisible = false;

  function connect(): void {
    clearTimeout(timer);
    timer = undefined;
    waitingForVisible = false;
    source?.close();
    const current = factory(resumeUrl(urlOf(), lastEventId.value));
    source = current;
    current.onopen = () => {
      if (source !== current) return;
      state.value = 'open';
      offlineSince.value = null;
      failures.value = 0;
    };
    current.onerror = () => {
      if (source !== current) return;
      current.close();
      source = null;
      lost();
    };
    for (const [type, handler] of Object.entries(options.on)) {
      current.addEventListener(type, (event) => {
        if (source !== current) return;
        if (event.lastEventId) lastEventId.value = event.lastEventId;
        handler(event.data, event.lastEventId);
      });
    }
  }

  function lost(): void {
    state.value = 'offline';
    offlineSince.value ??= new Date();
    failures.value += 1;
    schedule();
  }

  function schedule(): void {
    if (!active) return;
    if (environment.hidden()) {
      waitingForVisible = true;
      return;
    }
    timer = setTimeout(connect, backoffDelay(failures.value, options.backoff, random));
  }

  /** The page shows again or the network is back: a pending attempt is made now, not after its delay. */
  function retryNow(): void {
    if (!active || source !== null) return;
    if (waitingForVisible || timer !== undefined) connect();
  }

  const stopVisible = environment.onVisible(retryNow);
  const stopOnline = environment.onOnline(retryNow);

  function open(afterId: string | null = null): void {
    active = true;
    lastEventId.value = afterId;
    state.value = 'connecting';
    connect();
  }

  function reconnect(): void {
    if (!active) return;
    connect();
  }

  function close(): void {
    active = false;
    waitingForVisible = false;
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = null;
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      close();
      stopVisible();
      stopOnline();
    });
  }

  return {
    state: readonly(state),
    offlineSince: readonly(offlineSince),
    lastEventId: readonly(lastEventId),
    failures: readonly(failures),
    open,
    reconnect,
    close,
  };
}
