import {
  computed,
  getCurrentScope,
  onScopeDispose,
  ref,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue';

export interface IdleTimerOptions {
  /** how long without a touch, click or key until `onIdle` (0 or less: never) */
  timeoutMs: MaybeRefOrGetter<number>;
  /** the last part of it in which `warning` is true (default 20 s) */
  warnMs?: number;
  onIdle: () => void;
  /** where touches and keys count (default `document`) */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

export interface IdleTimer {
  /** whole seconds left until `onIdle` (for a visible countdown) */
  seconds: Ref<number>;
  /** within the last `warnMs`: time to ask whether anyone is still there */
  warning: ComputedRef<boolean>;
  /** starts the time again (any touch, click or key does so too) */
  restart: () => void;
}

const ACTIVITY = ['pointerdown', 'keydown', 'input'] as const;

/**
 * A kiosk's patience: after `timeoutMs` without a touch, click or key it calls `onIdle` (back to the
 * start, so the next person does not find the last one's choices); `seconds` counts down for the screen
 * and `warning` says when to offer more time (WCAG 2.2.1: a time limit can be extended by a simple
 * action). A new `timeoutMs` (another step) starts the time again; once it ran out, the next touch
 * does. Stops with its component.
 */
export function useIdleTimer(options: IdleTimerOptions): IdleTimer {
  const target = options.target ?? document;
  const warnMs = options.warnMs ?? 20_000;
  const seconds = ref(0);
  let deadline = 0;
  let tick: ReturnType<typeof setInterval> | undefined;

  function update(): void {
    const left = deadline - Date.now();
    seconds.value = Math.max(0, Math.ceil(left / 1000));
    if (left > 0) return;
    clearInterval(tick);
    tick = undefined;
    options.onIdle();
  }

  function restart(): void {
    clearInterval(tick);
    tick = undefined;
    const timeout = toValue(options.timeoutMs);
    if (timeout <= 0) {
      seconds.value = 0;
      return;
    }
    deadline = Date.now() + timeout;
    seconds.value = Math.ceil(timeout / 1000);
    tick = setInterval(update, 250);
  }

  // after it ran out, the time starts again with the next touch
  const onActivity = (): void => restart();
  for (const type of ACTIVITY) target.addEventListener(type, onActivity);
  watch(() => toValue(options.timeoutMs), restart, { immediate: true });

  if (getCurrentScope()) {
    onScopeDispose(() => {
      clearInterval(tick);
      for (const type of ACTIVITY) target.removeEventListener(type, onActivity);
    });
  }

  const warning = computed(() => seconds.value > 0 && seconds.value * 1000 <= warnMs);
  return { seconds, warning, restart };
}
