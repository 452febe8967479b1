import { Injectable } from '@nestjs/common';
import { MetricsService } from '@buergeramt/platform';
import { Counter, Histogram } from 'prom-client';

export type UpstreamErrorKind = 'connect' | 'timeout' | 'reset' | 'other';
/** What the public-read cache did for a GET below /api/v1 (a `stored` one was counted as a `miss` too). */
export type PublicCacheResult = 'hit' | 'revalidated' | 'miss' | 'stored';

/**
 * The gateway's own metrics, in the platform's registry (served at /metrics): requests by public route
 * prefix (`/api/v1/auth`, `/api/docs`, `spa:citizen`, …, never the raw path), failed upstream calls,
 * rate-limit answers, Redis failures of the rate limiter, and what the public-read cache did.
 */
@Injectable()
export class GatewayMetrics {
  readonly requests: Counter<'prefix' | 'status'>;
  readonly duration: Histogram<'prefix' | 'status'>;
  readonly upstreamErrors: Counter<'service' | 'kind'>;
  readonly rateLimited: Counter<'bucket'>;
  readonly rateLimitStoreErrors: Counter;
  readonly publicCache: Counter<'result'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'gateway_requests_total',
      help: 'Requests through the gateway by public route prefix and status',
      labelNames: ['prefix', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'Duration of requests through the gateway by public route prefix and status',
      labelNames: ['prefix', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'gateway_upstream_errors_total',
      help: 'Proxied requests that failed to reach a service or timed out, by service and kind',
      labelNames: ['service', 'kind'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'gateway_rate_limited_total',
      help: 'Requests answered 429 by the rate limiter, by bucket',
      labelNames: ['bucket'],
      registers,
    });
    this.rateLimitStoreErrors = new Counter({
      name: 'gateway_rate_limit_store_errors_total',
      help: 'Rate-limit checks let through because Redis could not be asked (fail open)',
      registers,
    });
    this.publicCache = new Counter({
      name: 'gateway_public_cache_requests_total',
      help:
        'GETs below /api/v1 and the public-read cache: hit (200 from the cache), revalidated (304 from the ' +
        'cache), miss (asked the service), stored (a miss whose answer was kept)',
      labelNames: ['result'],
      registers,
    });
  }

  observe(prefix: string, status: number, seconds: number): void {
    const labels = { prefix, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  publicCacheResult(result: PublicCacheResult): void {
    this.publicCache.inc({ result });
  }
}
