import { Queue, Worker } from 'bullmq';
import { cleanupQueuePrefix, uniqueQueuePrefix } from './redis';
import { testRedis } from './services';
import { drainQueues, eventually, waitFor } from './wait';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? { calls } : null), { intervalMs: 1 })).resolves.toEqual({
      calls: 3,
    });
  });

  it('treats a throwing function as not yet and names the last error on timeout', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('still booting');
        },
        { timeoutMs: 50, intervalMs: 5, message: 'the app to boot' },
      ),
    ).rejects.toThrow('waitFor: the app to boot not met within 50 ms (last error: still booting)');
  });

  it('names the last value on timeout', async () => {
    await expect(waitFor(() => 0, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(/last value: 0/);
  });
});

describe('eventually', () => {
  it('retries an assertion until it passes', async () => {
    let value = 0;
    const timer = setInterval(() => (value += 1), 5);
    try {
      await eventually(() => expect(value).toBeGreaterThanOrEqual(3));
    } finally {
      clearInterval(timer);
    }
  });

  it('rethrows the last failed assertion', async () => {
    await expect(eventually(() => expect(1).toBe(2), { timeoutMs: 30 })).rejects.toThrow(/toBe/);
  });
});

describe('drainQueues', () => {
  let redisUrl: string;
  const prefix = uniqueQueuePrefix('drain');

  beforeAll(async () => {
    redisUrl = await testRedis();
  });

  afterAll(async () => {
    await cleanupQueuePrefix(redisUrl, prefix);
  });

  it('waits until every job, including delayed retries, has finished', async () => {
    const connection = { url: redisUrl };
    const queue = new Queue('{drain.test}', { connection, prefix });
    const finished: string[] = [];
    const worker = new Worker(
      '{drain.test}',
      async (job) => {
        if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('first try fails');
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished.push(job.name);
      },
      { connection, prefix, concurrency: 2 },
    );
    try {
      await queue.add('slow', {});
      await queue.add('flaky', {}, { attempts: 2, backoff: { type: 'fixed', delay: 200 } });
      await queue.add('later', {}, { delay: 150 });
      await drainQueues([queue], { timeoutMs: 5000 });
      expect(finished.sort()).toEqual(['flaky', 'later', 'slow']);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('times out naming what is still busy', async () => {
    const queue = new Queue('{drain.stuck}', { connection: { url: redisUrl }, prefix });
    try {
      await queue.add('nobody-works-on-this', {});
      await expect(drainQueues([queue], { timeoutMs: 100 })).rejects.toThrow(
        /drainQueues: queues drained, but still busy: {"{drain.stuck}":{"waiting":1}}/,
      );
    } finally {
      await queue.close();
    }
  });
});
