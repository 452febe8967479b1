import { type JobContext, OnJob } from '@buergeramt/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ApplicationsConfig } from '../config';
import { signWebhook } from './signing';

/** The data of a job on the webhook queue (`{applications.webhooks}`, job name `deliver`). */
export interface WebhookJobData {
  deliveryId: string;
}

/** What a run of a webhook job did (the delivery's row and log are the record). */
export type WebhookJobResult = 'delivered' | 'not-pending' | 'gone' | 'endpoint-deleted';

interface DeliveryTarget {
  id: string;
  payload: unknown;
  status: string;
  url: string;
  secret: string;
  deleted_at: Date | null;
}

/**
 * Sends webhook deliveries (`@OnJob('webhooks')`): the job is written with the delivery row by
 * `EventPublisher` (or by a redelivery) with `outbox.enqueue`, and added to the queue by the messaging relay.
 * Each try POSTs the payload signed per Standard Webhooks (`webhook-id` = the delivery's id on every try)
 * and is appended to the delivery's log; a failed try is retried WEBHOOK_MAX_ATTEMPTS times in all, the first
 * retry after WEBHOOK_BACKOFF_MS, doubling (without a cap, as before); after the last one the delivery is
 * `failed`.
 *
 * Exactly once in effect: a try that succeeded marks the delivery `succeeded` in the run's transaction,
 * which also records the job in the messaging inbox, and a delivery that is not `pending` is not sent.
 * What remains is HTTP's window: a receiver that answered just before the process died gets the delivery
 * once more, with the same `webhook-id` (Standard Webhooks receivers deduplicate by it).
 */
@Injectable()
export class WebhookJobs {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApplicationsConfig,
  ) {}

  @OnJob<WebhookJobs>('webhooks', {
    attempts: (self) => self.config.WEBHOOK_MAX_ATTEMPTS,
    backoffMs: (self) => self.config.WEBHOOK_BACKOFF_MS,
    // BullMQ's exponential backoff had no cap: the longest wait is the one before the last try
    maxBackoffMs: (self) =>
      self.config.WEBHOOK_BACKOFF_MS * 2 ** Math.max(0, self.config.WEBHOOK_MAX_ATTEMPTS - 2),
  })
  async deliver(data: WebhookJobData, manager: EntityManager, job: JobContext): Promise<WebhookJobResult> {
    const [row] = await manager.query<DeliveryTarget[]>(
      `SELECT d.id, d.payload, d.status, w.url, w.secret, w.deleted_at
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [data.deliveryId],
    );
    if (!row) return 'gone';
    if (row.status !== 'pending') return 'not-pending'; // sent already, or failed and not redelivered
    if (row.deleted_at) {
      await manager.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`, [row.id]);
      return 'endpoint-deleted';
    }
    const started = Date.now();
    const outcome = await this.post(row);
    const attempt = {
      at: new Date(started).toISOString(),
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: Date.now() - started,
    };
    const record = `UPDATE webhook_deliveries SET attempts = attempts + 1, log = log || $2::jsonb, status = $3,
         delivered_at = CASE WHEN $3 = 'succeeded' THEN now() ELSE delivered_at END
       WHERE id = $1`;
    if (outcome.error === null) {
      // committed together with the job's inbox record: a succeeded delivery is never sent again
      await manager.query(record, [row.id, JSON.stringify([attempt]), 'succeeded']);
      return 'delivered';
    }
    const final = job.attempt >= job.attempts;
    // on a connection of its own: the run's transaction rolls back, the try stays in the log
    await this.dataSource.query(record, [row.id, JSON.stringify([attempt]), final ? 'failed' : 'pending']);
    const what = `webhook delivery ${row.id} (attempt ${job.attempt}/${job.attempts})`;
    if (final) this.logger.warn(`${what} failed for good: ${outcome.error}`);
    throw new Error(`webhook delivery ${row.id}: ${outcome.error}`);
  }

  /** One POST; resolves with the status code and the error (null when the receiver answered 2xx). */
  private async post(row: DeliveryTarget): Promise<{ statusCode: number | null; error: string | null }> {
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(Date.now() / 1000);
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
      const statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      return { statusCode, error: statusCode < 200 || statusCode >= 300 ? `HTTP ${statusCode}` : null };
    } catch (failure) {
      const error =
        failure instanceof Error ? (failure.name === 'TimeoutError' ? 'timeout' : failure.message) : 'failed';
      return { statusCode: null, error };
    }
  }
}
