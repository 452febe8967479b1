import { eventQueueName, jobQueueName, type ServiceName, SUBSCRIPTIONS } from '@buergeramt/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Client } from 'pg';
import { defined } from '@buergeramt/testing';
import { DOMAIN_SERVICES } from './platform';

/**
 * Whether the platform has finished its work: every outbox row (events and jobs) published, every event queue empty
 * (retries included) with nothing in a failed set, every mail of the delivery log sent (none queued,
 * pending or failed) and the mail queue empty. Delayed jobs that are meant to wait (guests' expiry,
 * reminders 24 h ahead) are not work left over.
 */
export class DrainCheck {
  private readonly redis: Redis;
  private readonly eventQueues: Queue[];
  private readonly mailQueue: Queue;

  constructor(
    private readonly db: Client,
    redisUrl: string,
    queuePrefix: string,
    private readonly schemaPrefix: string,
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.redis.on('error', () => undefined);
    const consuming = (Object.keys(SUBSCRIPTIONS) as ServiceName[]).filter(
      (s) => SUBSCRIPTIONS[s].length > 0,
    );
    this.eventQueues = consuming.map(
      (s) => new Queue(eventQueueName(s), { connection: this.redis, prefix: queuePrefix }),
    );
    this.mailQueue = new Queue(jobQueueName('notifications', 'mail'), {
      connection: this.redis,
      prefix: queuePrefix,
    });
  }

  /** What is not done yet (empty when everything is drained). */
  async leftovers(): Promise<string[]> {
    const left: string[] = [];
    for (const service of DOMAIN_SERVICES) {
      const { rows } = await this.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${this.schemaPrefix}${service}".outbox WHERE published_at IS NULL`,
      );
      const outbox = defined(rows[0], `${service}'s count of unpublished outbox rows`).n;
      if (Number(outbox) > 0) left.push(`${service}: ${outbox} outbox rows unpublished`);
      const jobs = await this.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${this.schemaPrefix}${service}".outbox_jobs WHERE published_at IS NULL`,
      );
      const unpublished = defined(jobs.rows[0], `${service}'s count of unpublished outbox jobs`).n;
      if (Number(unpublished) > 0) left.push(`${service}: ${unpublished} outbox jobs unpublished`);
    }
    const { rows } = await this.db.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM "${this.schemaPrefix}notifications".deliveries
       WHERE status IN ('queued', 'pending', 'failed') GROUP BY status`,
    );
    for (const row of rows) left.push(`notifications: ${row.n} deliveries ${row.status}`);
    for (const queue of this.eventQueues) {
      const counts = await queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'paused',
        'waiting-children',
        'failed',
      );
      for (const [state, n] of Object.entries(counts)) if (n > 0) left.push(`${queue.name}: ${n} ${state}`);
    }
    const mail = await this.mailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    for (const [state, n] of Object.entries(mail))
      if (n > 0) left.push(`${this.mailQueue.name}: ${n} ${state}`);
    return left;
  }

  /** Mails of the delivery log that needed more than one try (evidence that an outage was felt). */
  async retriedMails(since: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${this.schemaPrefix}notifications".deliveries WHERE created_at >= $1 AND attempts > 1`,
      [since],
    );
    return Number(defined(rows[0], 'the count of retried mails').n);
  }

  async close(): Promise<void> {
    await Promise.all([...this.eventQueues, this.mailQueue].map((q) => q.close().catch(() => undefined)));
    this.redis.disconnect();
  }
}
