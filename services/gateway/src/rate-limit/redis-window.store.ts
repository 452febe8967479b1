import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/** One fixed window per key: INCR, and start the window's expiry with the first hit. */
const WINDOW_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

interface WindowRedis extends Redis {
  gatewayRateWindow(key: string, windowMs: number): Promise<[number, number]>;
}

export interface WindowStoreOptions {
  redis: Redis;
  /** Prepended to every key (RATE_LIMIT_PREFIX). */
  prefix: string;
  /** Called when Redis could not be asked; the limiter then lets the request through (fail open). */
  onError: (error: Error) => void;
}

/**
 * A store for @fastify/rate-limit that keeps each window in Redis under `<prefix><bucket>:<client>`
 * (the key generator names the bucket), so every gateway replica counts against the same window.
 */
export function redisWindowStore(options: WindowStoreOptions): FastifyRateLimitStoreCtor {
  const redis = options.redis as WindowRedis;
  if (typeof redis.gatewayRateWindow !== 'function') {
    redis.defineCommand('gatewayRateWindow', { numberOfKeys: 1, lua: WINDOW_SCRIPT });
  }

  class RedisWindowStore implements FastifyRateLimitStore {
    /** The plugin passes the limiter's window (ms) as the third argument. */
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow = 60_000,
    ): void {
      redis.gatewayRateWindow(`${options.prefix}${key}`, timeWindow).then(
        ([current, ttl]) => callback(null, { current, ttl }),
        (error: Error) => {
          options.onError(error);
          callback(error);
        },
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return RedisWindowStore;
}
