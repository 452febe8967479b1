import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { problemFor, sendProblem } from '../problem/send-problem';
import { API_PREFIX } from '../routing/route-table';
import { clientKey } from './client-key';
import { redisWindowStore } from './redis-window.store';

const WINDOW_MS = 60_000;
/** A Redis that does not answer within this is treated as down for the request (fail open). */
const REDIS_COMMAND_TIMEOUT_MS = 500;
const WARN_EVERY_MS = 30_000;

export type Bucket = 'global' | 'auth' | 'booking';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimitResult = Awaited<ReturnType<Limiter>>;

/** Which buckets a request counts against (all under /api; static files and probes are not limited). */
export function bucketsFor(method: string, url: string): Bucket[] {
  const path = (url.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
  if (path !== '/api' && !path.startsWith('/api/')) return [];
  const buckets: Bucket[] = ['global'];
  const auth = `${API_PREFIX}/auth`;
  if (path === auth || path.startsWith(`${auth}/`)) buckets.push('auth');
  if (method === 'POST' && path === `${API_PREFIX}/appointments`) buckets.push('booking');
  return buckets;
}

/**
 * Per-client-IP limits per minute, counted in Redis so that all replicas share them. When Redis cannot
 * be asked, requests pass (fail open) and a warning is logged: a Redis outage must not take the city's
 * services offline, and per-account lockout in identity still stops password guessing.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly limiters = new Map<Bucket, Limiter>();
  private lastWarning = 0;

  constructor(
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectionName: 'gateway:rate-limit',
      disconnectTimeout: 200,
    });
    this.redis.on('error', (error: Error) => this.warn(error));
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.warn(error as Error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }

  async register(app: FastifyInstance): Promise<void> {
    await app.register(rateLimit, {
      global: false,
      skipOnError: true,
      store: redisWindowStore({
        redis: this.redis,
        prefix: this.config.rateLimitPrefix(),
        onError: (error) => this.failOpen(error),
      }),
    });
    const limits: Record<Bucket, number> = {
      global: this.config.RATE_LIMIT_GLOBAL,
      auth: this.config.RATE_LIMIT_AUTH,
      booking: this.config.RATE_LIMIT_BOOKING,
    };
    for (const [bucket, max] of Object.entries(limits) as [Bucket, number][]) {
      if (max === 0) continue;
      this.limiters.set(
        bucket,
        app.createRateLimit({
          max,
          timeWindow: WINDOW_MS,
          keyGenerator: (request) => `${bucket}:${clientKey(request.ip)}`,
        }),
      );
    }
    app.addHook('onRequest', (request, reply) => this.check(request, reply));
  }

  private async check(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const buckets = bucketsFor(request.method, request.url).filter((b) => this.limiters.has(b));
    if (buckets.length === 0) return undefined;
    const results = await Promise.all(
      buckets.flatMap((bucket) => {
        const limiter = this.limiters.get(bucket);
        return limiter ? [limiter(request).then((result) => ({ bucket, result }))] : [];
      }),
    );
    const counted = results.filter(
      (r): r is { bucket: Bucket; result: Extract<LimitResult, { isAllowed: false }> } => !r.result.isAllowed,
    );
    if (counted.length === 0) return undefined;
    // The headers describe the tightest window; a refusal names the one that was exceeded.
    const exceeded = counted.find((r) => r.result.isExceeded);
    const shown = exceeded ?? counted.reduce((a, b) => (b.result.remaining < a.result.remaining ? b : a));
    const { max, remaining, ttlInSeconds } = shown.result;
    const reset = Math.max(1, ttlInSeconds);
    void reply
      .header('x-ratelimit-limit', max)
      .header('x-ratelimit-remaining', exceeded ? 0 : remaining)
      .header('x-ratelimit-reset', reset);
    if (!exceeded) return undefined;

    this.metrics.rateLimited.inc({ bucket: exceeded.bucket });
    void reply.header('retry-after', reset);
    return sendProblem(
      reply,
      problemFor(reply, 429, `Too many requests from your address. Please try again in ${reset} seconds.`),
    );
  }

  private failOpen(error: Error): void {
    this.metrics.rateLimitStoreErrors.inc();
    this.warn(error);
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(
      { err: error.message },
      'Redis is not reachable: rate limits are NOT enforced until it is back (fail open)',
    );
  }
}
