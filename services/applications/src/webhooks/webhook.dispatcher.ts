import { jobQueueName } from '@buergeramt/contracts';
import { closeQuietly, createProducerConnection, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApplicationsConfig } from '../config';
import { signWebhook } from './signing';
import { WebhookWakeup } from './webhook-fanout';

/** Never rename without a migration plan: waiting jobs would be stranded. */
export const WEBHOOK_QUEUE = jobQueueName('applications', 'webhooks');

/**
 * Sends webhook deliveries. Deliveries are rows written in the transaction of the event; this dispatcher
 * moves unqueued rows to the BullMQ queue (job id = delivery id, so a row is never queued twice), polling
 * and woken after commits; the worker POSTs them signed per Standard Webhooks and lets BullMQ retry
 * failures with exponential backoff. Every attempt goes into the delivery's log.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private redis: Redis | null = null;
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApplicationsConfig,
    wakeup: WebhookWakeup,
  ) {
    wakeup.onWake(() => this.wake());
  }

  get jobQueue(): Queue | null {
    return this.queue;
  }

  onApplicationBootstrap(): void {
    this.redis = createProducerConnection(this.config.REDIS_URL, 'applications-webhooks');
    this.queue = new Queue(WEBHOOK_QUEUE, { connection: this.redis, prefix: this.config.QUEUE_PREFIX });
    this.queue.on('error', () => undefined);
    this.worker = new Worker(WEBHOOK_QUEUE, (job: Job<{ deliveryId: string }>) => this.deliver(job), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'applications-webhooks-worker'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 4,
    });
    this.worker.on('error', () => undefined);
    this.timer = setInterval(() => this.wake(), this.config.WEBHOOK_POLL_MS);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    if (this.worker) await closeQuietly(this.worker);
    if (this.queue) await closeQuietly(this.queue);
    this.redis?.disconnect();
  }

  /** Queues unqueued deliveries soon (coalesces concurrent wake-ups). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.enqueuePending()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`cannot queue webhook deliveries: ${String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Moves up to 100 unqueued deliveries to the queue; returns how many. */
  async enqueuePending(): Promise<number> {
    const queue = this.queue;
    if (!queue) return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string }[]>(
        `SELECT id FROM webhook_deliveries WHERE enqueued_at IS NULL ORDER BY created_at
         LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      for (const row of rows) {
        await queue.add(
          'deliver',
          { deliveryId: row.id },
          {
            jobId: row.id,
            attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.config.WEBHOOK_BACKOFF_MS },
            removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
            removeOnFail: { age: 30 * 24 * 3600 },
          },
        );
      }
      if (rows.length > 0) {
        await manager.query(`UPDATE webhook_deliveries SET enqueued_at = now() WHERE id = ANY ($1::uuid[])`, [
          rows.map((r) => r.id),
        ]);
      }
      return rows.length;
    });
  }

  /** One attempt of one delivery. Throws (so BullMQ retries) while attempts are left. */
  private async deliver(job: Job<{ deliveryId: string }>): Promise<string> {
    const [row] = await this.dataSource.query<
      { id: string; payload: unknown; status: string; url: string; secret: string; deleted_at: Date | null }[]
    >(
      `SELECT d.id, d.payload, d.status, w.url, w.secret, w.deleted_at
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1`,
      [job.data.deliveryId],
    );
    if (!row || row.status !== 'pending') return 'nothing to do';
    if (row.deleted_at) {
      await this.dataSource.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`, [row.id]);
      return 'endpoint deleted';
    }
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Digitales-Buergeramt-Webhooks/1',
          'webhook-id': row.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(row.secret, row.id, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (failure) {
      error =
        failure instanceof Error ? (failure.name === 'TimeoutError' ? 'timeout' : failure.message) : 'failed';
    }
    const attempt = {
      at: new Date(started).toISOString(),
      statusCode,
      error,
      durationMs: Date.now() - started,
    };
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const status = error === null ? 'succeeded' : last ? 'failed' : 'pending';
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, log = log || $2::jsonb, status = $3,
         delivered_at = CASE WHEN $3 = 'succeeded' THEN now() ELSE delivered_at END
       WHERE id = $1`,
      [row.id, JSON.stringify([attempt]), status],
    );
    if (error !== null) throw new Error(`webhook delivery ${row.id}: ${error}`);
    return 'delivered';
  }
}
