import type { Queue, RedisOptions as BullRedisOptions, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/** Reconnect after 200 ms, 400 ms, ... up to every 3 s, for as long as Redis is away. */
export function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** Math.min(times, 5), 3000);
}

/**
 * A connection for producing jobs (the relay, admin actions) that fails fast while Redis is unreachable:
 * no offline queue, one retry per command, so `queue.add` rejects instead of waiting for a reconnect.
 */
export function createProducerConnection(redisUrl: string, name: string): Redis {
  const redis = new Redis(redisUrl, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: reconnectDelay,
  });
  // errors surface through the commands that fail; the default handler would print every reconnect
  redis.on('error', () => undefined);
  return redis;
}

/** Options for a BullMQ Worker connection: waits for Redis as long as it takes (BullMQ requires it). */
export function workerConnectionOptions(redisUrl: string, name: string): BullRedisOptions {
  return { url: redisUrl, connectionName: name, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
}

/**
 * Closes a BullMQ Queue or Worker safely at any moment. Closing one whose connection is still
 * initialising makes BullMQ emit an 'error' after it has dropped its listeners, which Node turns into an
 * unhandled error: so let the initialisation settle first, bounded (Redis may be away), then close.
 */
export async function closeQuietly(target: Queue | Worker, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    target.waitUntilReady().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  await target.close().catch(() => undefined);
}
