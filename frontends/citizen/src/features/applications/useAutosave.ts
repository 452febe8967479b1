import { getCurrentInstance, onBeforeUnmount, ref, type Ref } from 'vue';

export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export interface Autosave<T> {
  state: Ref<AutosaveState>;
  /** when the last save was answered */
  savedAt: Ref<Date | null>;
  error: Ref<unknown>;
  /** Schedules a save of `value` after the pause; a newer value replaces a waiting one. */
  schedule: (value: T) => void;
  /** Saves what is waiting now (leaving a page, submitting); resolves when it is saved. */
  flush: () => Promise<void>;
}

/**
 * Saves as the person types: one save after `delayMs` without a change, never two at once (a change
 * made while a save runs is saved right after it), and `flush()` before leaving, so nothing typed is lost.
 * A failed save keeps the value and is tried again with the next change or flush.
 */
export function useAutosave<T>(save: (value: T) => Promise<unknown>, delayMs = 800): Autosave<T> {
  const state = ref<AutosaveState>('idle');
  const savedAt = ref<Date | null>(null);
  const error = ref<unknown>();
  let waiting: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;

  async function run(): Promise<void> {
    while (waiting) {
      const { value } = waiting;
      waiting = null;
      state.value = 'saving';
      try {
        await save(value);
        error.value = undefined;
        savedAt.value = new Date();
        state.value = waiting ? 'pending' : 'saved';
      } catch (failure) {
        error.value = failure;
        state.value = 'failed';
        // keep the value unless a newer one arrived meanwhile
        waiting ??= { value };
        return;
      }
    }
  }

  function start(): Promise<void> {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(value: T): void {
    waiting = { value };
    state.value = 'pending';
    clearTimeout(timer);
    timer = setTimeout(() => void start(), delayMs);
  }

  async function flush(): Promise<void> {
    clearTimeout(timer);
    if (running) await running;
    if (waiting) await start();
    if (state.value === 'failed') throw error.value;
  }

  // a page that goes away (any navigation, also without a route guard) saves what is waiting
  if (getCurrentInstance())
    onBeforeUnmount(() => {
      if (waiting) void flush().catch(() => undefined);
    });

  return { state, savedAt, error, schedule, flush };
}
