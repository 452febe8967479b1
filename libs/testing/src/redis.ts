import { Redis } from 'ioredis';
import { randomSuffix, toIdentifierPart } from './random';

/**
 * A BullMQ `prefix` (QUEUE_PREFIX) of its own for one test run, e.g. `test:identity:9c1e4b2a`, so that
 * parallel runs never see each other's jobs. Remove its keys afterwards with `cleanupQueuePrefix`.
 */
export function uniqueQueuePrefix(name: string): string {
  return `test:${toIdentifierPart(name, 40)}:${randomSuffix(4)}`;
}

/** Escapes the glob characters of Redis' MATCH pattern. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Deletes every Redis key under `prefix` (BullMQ keys are `<prefix>:<queue>:...`) with SCAN and DEL in
 * batches, never KEYS, and resolves with the number of keys deleted.
 */
export async function cleanupQueuePrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('cleanupQueuePrefix: refusing to delete with an empty prefix');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  redis.on('error', () => undefined); // connection errors surface through the commands below
  try {
    await redis.connect();
    const match = `${escapeGlob(prefix)}:*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
