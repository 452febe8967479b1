import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** give up after this long; default 10 s */
  timeoutMs?: number;
  /** poll this often; default 25 ms */
  intervalMs?: number;
  /** what is being waited for, for the timeout error */
  message?: string;
}

/**
 * Polls `fn` until it returns a truthy value and resolves with that value. A throwing `fn` counts as
 * "not yet"; its last error is named in the timeout error, so a failing wait explains itself.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 25, message } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await fn();
      lastValue = value;
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = message ?? 'condition';
      const detail =
        lastError !== undefined
          ? `last error: ${lastError instanceof Error ? lastError.message : describe(lastError)}`
          : `last value: ${describe(lastValue)}`;
      throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms (${detail})`, {
        cause: lastError,
      });
    }
    await sleep(intervalMs);
  }
}

/**
 * Polls `fn` until it stops throwing, e.g. `await eventually(() => expect(count).toBe(1))`, and resolves
 * with its result. On timeout the last error is rethrown as it was, so Jest shows the failed expectation.
 */
export async function eventually<T>(
  fn: () => T | Promise<T>,
  options: Omit<WaitOptions, 'message'> = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await sleep(intervalMs);
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The part of a BullMQ `Queue` that `drainQueues` needs. */
export interface DrainableQueue {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/** Job states that mean "not finished yet". Failed and completed jobs are finished. */
const UNFINISHED_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused'];

/**
 * Waits until none of `queues` has a waiting, active, delayed, prioritized, paused or waiting-children job:
 * every job has completed or failed for good (retries with backoff are delayed jobs, so they are waited
 * for too). Resolves once the queues were seen empty `settleChecks` times in a row, so a job added by a
 * handler of another job in between is not missed.
 */
export async function drainQueues(
  queues: readonly DrainableQueue[],
  options: WaitOptions & { settleChecks?: number } = {},
): Promise<void> {
  const { settleChecks = 2, ...waitOptions } = options;
  let emptyInARow = 0;
  let pending: Record<string, Record<string, number>> = {};
  try {
    await waitFor(
      async () => {
        pending = {};
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...UNFINISHED_STATES);
          const busy = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
          if (Object.keys(busy).length > 0) pending[queue.name] = busy;
        }
        emptyInARow = Object.keys(pending).length === 0 ? emptyInARow + 1 : 0;
        return emptyInARow >= settleChecks;
      },
      { timeoutMs: 20_000, ...waitOptions },
    );
  } catch (error) {
    const what = waitOptions.message ?? 'queues drained';
    throw new Error(`drainQueues: ${what}, but still busy: ${JSON.stringify(pending)}`, {
      cause: error,
    });
  }
}
