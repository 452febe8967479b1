import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { useIdleTimer } from './useIdleTimer';

function setup(timeoutMs = ref(60_000)) {
  const target = new EventTarget();
  const onIdle = vi.fn();
  const scope = effectScope();
  const timer = scope.run(() => useIdleTimer({ timeoutMs, onIdle, target }))!;
  return { timer, target, onIdle, scope, timeoutMs };
}

describe('useIdleTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts down and goes idle after the time without a touch, warning in the last 20 s', () => {
    const { timer, onIdle } = setup();
    expect(timer.seconds.value).toBe(60);
    vi.advanceTimersByTime(39_000);
    expect(timer.seconds.value).toBe(21);
    expect(timer.warning.value).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(timer.warning.value).toBe(true);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(timer.warning.value).toBe(false);
    vi.advanceTimersByTime(120_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('starts again with every touch, key or input, also after it ran out', () => {
    const { target, onIdle, timer } = setup();
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('pointerdown'));
    expect(timer.seconds.value).toBe(60);
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('input'));
    vi.advanceTimersByTime(59_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it('starts again with a new time (another step), and never runs out with none', async () => {
    const { timer, onIdle, timeoutMs } = setup();
    vi.advanceTimersByTime(30_000);
    timeoutMs.value = 20_000;
    await Promise.resolve();
    expect(timer.seconds.value).toBe(20);
    timer.restart();
    vi.advanceTimersByTime(20_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    timeoutMs.value = 0;
    await Promise.resolve();
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(timer.seconds.value).toBe(0);
  });

  it('stops with its scope', () => {
    const { onIdle, scope, target } = setup();
    scope.stop();
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(120_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
