import { getCurrentScope, onScopeDispose } from 'vue';

/** Where a poll learns whether the page is seen (a fake in tests). */
export interface PollVisibility {
  hidden(): boolean;
  /** calls `listener` whenever the page is hidden or shown again; returns a function that stops it */
  onChange(listener: () => void): () => void;
}

const documentVisibility: PollVisibility = {
  hidden: () => document.visibilityState === 'hidden',
  onChange(listener) {
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

export interface Poll {
  /** Stops polling for good. */
  stop(): void;
}

/**
 * Runs `run` every `intervalMs` while the page is seen: a hidden tab asks nothing, and once it shows again
 * `run` is called at once and the rhythm starts over. The next run is timed from the end of the last, so
 * a slow answer never overlaps the next question. Stops with the calling component or effect scope.
 */
export function usePoll(
  run: () => unknown,
  intervalMs: number,
  visibility: PollVisibility = documentVisibility,
): Poll {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running = false;

  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || visibility.hidden()) return;
    timer = setTimeout(() => void tick(), intervalMs);
  }

  async function tick(): Promise<void> {
    timer = undefined;
    running = true;
    try {
      await run();
    } finally {
      running = false;
      schedule();
    }
  }

  const stopListening = visibility.onChange(() => {
    if (stopped) return;
    if (visibility.hidden()) {
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined && !running) {
      void tick();
    }
  });

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
    timer = undefined;
    stopListening();
  }

  schedule();
  if (getCurrentScope()) onScopeDispose(stop);
  return { stop };
}
