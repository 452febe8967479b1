import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeQuietly, createProducerConnection, workerConnectionOptions } from './redis';

export interface ScheduledJobOptions {
  redisUrl: string;
  /** `QUEUE_PREFIX` of the deployment. */
  prefix: string;
  /** The job queue, e.g. `jobQueueName('identity', 'maintenance')`: never rename without a plan. */
  queueName: string;
  /** The scheduler's id: one scheduler per id, however many replicas upsert it. */
  schedulerId: string;
  /** The job's name (shows in Redis and in logs). */
  jobName: string;
  everyMs: number;
  /** One round of the work; its failure is logged and the next occurrence runs as usual. */
  run: () => Promise<unknown>;
  /** Where a scheduling or run failure is reported. */
  warn: (message: string) => void;
}

/**
 * A repeatable job on BullMQ's own scheduler: every replica upserts the same scheduler and runs a worker,
 * and each occurrence is run by one of them (one job per occurrence, whatever the number of replicas).
 * Starts at once; `close()` is safe at any moment, also while the connections are still initialising.
 */
export class ScheduledJob {
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly worker: Worker;

  /** the job's name */
  readonly name: string;

  constructor(options: ScheduledJobOptions) {
    this.name = options.jobName;
    this.redis = createProducerConnection(options.redisUrl, `${options.schedulerId}-scheduler`);
    this.queue = new Queue(options.queueName, { connection: this.redis, prefix: options.prefix });
    this.queue.on('error', () => undefined);
    this.queue
      .upsertJobScheduler(
        options.schedulerId,
        { every: options.everyMs },
        { name: options.jobName, opts: { removeOnComplete: 50, removeOnFail: 50 } },
      )
      .catch((error: unknown) => options.warn(`cannot schedule ${options.jobName}: ${String(error)}`));
    this.worker = new Worker(options.queueName, () => options.run(), {
      connection: workerConnectionOptions(options.redisUrl, `${options.schedulerId}-worker`),
      prefix: options.prefix,
      concurrency: 1,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (_job, error) => options.warn(`${options.jobName} failed: ${error.message}`));
  }

  async close(): Promise<void> {
    await closeQuietly(this.worker);
    await closeQuietly(this.queue);
    this.redis.disconnect();
  }
}
