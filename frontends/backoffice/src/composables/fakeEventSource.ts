// Test helper (imported by specs only): an EventSource the test opens, feeds and fails, for
// useEventStream and what is built on it.
import type { EventSourceLike, StreamEnvironment } from './useEventStream';

export class FakeEventSource implements EventSourceLike {
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.onopen?.(new Event('open'));
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }

  /** An event of `type` with `data` (as JSON) and the id `id`. */
  emit(type: string, data: unknown, id: string): void {
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** A factory that keeps every source it made, newest last. */
export function fakeEventSources(): {
  sources: FakeEventSource[];
  factory: (url: string) => FakeEventSource;
} {
  const sources: FakeEventSource[] = [];
  return {
    sources,
    factory: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
  };
}

/** A page whose visibility and network the test switches (visible and online at first). */
export function fakeStreamEnvironment(): StreamEnvironment & {
  setHidden(hidden: boolean): void;
  goOnline(): void;
} {
  let hidden = false;
  const visible: (() => void)[] = [];
  const online: (() => void)[] = [];
  return {
    hidden: () => hidden,
    onVisible: (listener) => {
      visible.push(listener);
      return () => visible.splice(visible.indexOf(listener), 1);
    },
    onOnline: (listener) => {
      online.push(listener);
      return () => online.splice(online.indexOf(listener), 1);
    },
    setHidden(value) {
      hidden = value;
      if (!value) for (const listener of [...visible]) listener();
    },
    goOnline() {
      for (const listener of [...online]) listener();
    },
  };
}
