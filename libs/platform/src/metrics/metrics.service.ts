import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SERVICE_NAME } from '../config/config.module';
import { statementsSent } from '../database/statement-count';
import { chunkReclaimer } from '../memory/chunk-reclaimer';

/** One Prometheus registry per process, with Node's default metrics and HTTP request metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;

  constructor(@Inject(SERVICE_NAME) service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'chunk_reclaim_active',
      help: '1 when streamed chunks are reclaimed by minor GCs (node --expose-gc, CHUNK_RECLAIM_BYTES > 0)',
      registers: [this.registry],
      collect() {
        this.set(chunkReclaimer.active ? 1 : 0);
      },
    });
    new Counter({
      name: 'db_statements_total',
      help: 'SQL statements sent to Postgres (each a round trip; transaction control included)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(statementsSent());
      },
    });
    new Counter({
      name: 'chunk_reclaim_collections_total',
      help: 'Minor GCs run by the chunk reclaimer after streamed bodies',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(chunkReclaimer.collected);
      },
    });
  }

  /** Records one request; `route` is the route pattern (never the raw URL, which would carry ids). */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpDuration.observe(labels, seconds);
    this.httpRequests.inc(labels);
  }
}
