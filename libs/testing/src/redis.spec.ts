import { Redis } from 'ioredis';
import { cleanupQueuePrefix, uniqueQueuePrefix } from './redis';
import { testRedis } from './services';

describe('queue prefixes', () => {
  let redisUrl: string;
  let redis: Redis;

  beforeAll(async () => {
    redisUrl = await testRedis();
    redis = new Redis(redisUrl);
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('are unique per call and readable', () => {
    const a = uniqueQueuePrefix('Identity');
    const b = uniqueQueuePrefix('Identity');
    expect(a).toMatch(/^test:identity:[0-9a-f]{8}$/);
    expect(b).not.toBe(a);
  });

  it('cleanupQueuePrefix deletes every key under the prefix and nothing else', async () => {
    const prefix = uniqueQueuePrefix('cleanup');
    const sibling = `${prefix}x`; // shares the text but is another prefix
    const keyAt = (i: number) => `${prefix}:{q.events}:${i}`;
    const keys = Array.from({ length: 2500 }, (_, i) => keyAt(i));
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.set(key, '1');
    pipeline.set(`${sibling}:{q.events}:1`, 'keep');
    await pipeline.exec();

    try {
      await expect(cleanupQueuePrefix(redisUrl, prefix)).resolves.toBe(2500);
      expect(await redis.exists(keyAt(0), keyAt(1234), keyAt(2499))).toBe(0);
      expect(await redis.get(`${sibling}:{q.events}:1`)).toBe('keep');
    } finally {
      await redis.del(`${sibling}:{q.events}:1`);
    }
  });

  it('cleanupQueuePrefix treats glob characters in the prefix literally', async () => {
    const prefix = `${uniqueQueuePrefix('glob')}*`;
    const other = prefix.slice(0, -1) + 'z';
    await redis.set(`${prefix}:a`, '1');
    await redis.set(`${other}:a`, '1');
    try {
      await expect(cleanupQueuePrefix(redisUrl, prefix)).resolves.toBe(1);
      expect(await redis.get(`${other}:a`)).toBe('1');
    } finally {
      await redis.del(`${other}:a`, `${prefix}:a`);
    }
  });

  it('refuses an empty prefix', async () => {
    await expect(cleanupQueuePrefix(redisUrl, '')).rejects.toThrow(/empty prefix/);
  });
});
