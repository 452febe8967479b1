import { type Queue, QueueKeys, type RedisOptions as BullRedisOptions, type Worker } from 'bullmq';
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

/**
 * Takes one unit of a job queue's rate limit (the Worker option `limiter: { max, duration }`, shared by
 * all processes) for work done outside the queue, e.g. a mail sent right after the commit instead of by
 * its job: true when the unit was free, false when the window is used up (then leave the work to the
 * queue, whose Worker waits for the window). It counts in BullMQ's own limiter key, the way a Worker does
 * when it starts a job (INCR; the first unit of a window sets its expiry), so both draw on one budget.
 */
export async function takeQueueRateLimit(
  redis: Redis,
  queuePrefix: string,
  queueName: string,
  limit: { max: number; durationMs: number },
): Promise<boolean> {
  const key = new QueueKeys(queuePrefix).toKey(queueName, 'limiter');
  const taken = await redis.eval(TAKE_RATE_LIMIT, 1, key, limit.max, Math.floor(limit.durationMs));
  return taken === 1;
}

const TAKE_RATE_LIMIT = `
local used = tonumber(redis.call('GET', KEYS[1]) or 0)
if used >= tonumber(ARGV[1]) then
  if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return 0
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;
