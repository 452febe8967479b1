import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { type PollVisibility, usePoll } from './usePoll';

/** A page whose visibility the test switches. */
function fakeVisibility(): PollVisibility & { set(hidden: boolean): void } {
  let hidden = false;
  const listeners: (() => void)[] = [];
  return {
    hidden: () => hidden,
    onChange(listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    set(value) {
      hidden = value;
      for (const listener of [...listeners]) listener();
    },
  };
}

describe('a light poll', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks every interval while the page is seen, and stops with its scope', async () => {
    const run = vi.fn();
    const scope = effectScope();
    scope.run(() => usePoll(run, 15_000, fakeVisibility()));
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(run).toHaveBeenCalledTimes(3);
    scope.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('asks nothing while the tab is hidden, and at once when it shows again', async () => {
    const run = vi.fn();
    const page = fakeVisibility();
    const poll = usePoll(run, 15_000, page);
    page.set(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(run).not.toHaveBeenCalled();
    page.set(false);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(run).toHaveBeenCalledTimes(2);
    poll.stop();
    page.set(true);
    page.set(false);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('times the next question from the end of a slow answer, never two at once', async () => {
    let release: () => void = () => undefined;
    const run = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const page = fakeVisibility();
    const poll = usePoll(run, 1_000, page);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    // still waiting for the answer: neither the clock nor the tab showing again asks a second time
    await vi.advanceTimersByTimeAsync(5_000);
    page.set(true);
    page.set(false);
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    poll.stop();
  });
});
