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
  /**
   * Schedulers this job was known by before a rename (queue and id): removed at start, so that the old one
   * stops adding jobs nobody takes any more. Removing one that is gone already changes nothing.
   */
  replaces?: readonly { queueName: string; schedulerId: string }[];
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
  /** settles when the schedulers this job replaces are removed (or could not be) */
  readonly retired: Promise<void>;

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
    this.retired = Promise.all(
      (options.replaces ?? []).map(async ({ queueName, schedulerId }) => {
        const old = new Queue(queueName, { connection: this.redis, prefix: options.prefix });
        old.on('error', () => undefined);
        try {
          await old.removeJobScheduler(schedulerId);
        } catch (error) {
          options.warn(
            `cannot remove the old scheduler ${schedulerId} of ${options.jobName}: ${String(error)}`,
          );
        } finally {
          await closeQuietly(old);
        }
      }),
    ).then(() => undefined);
    this.worker = new Worker(options.queueName, () => options.run(), {
      connection: workerConnectionOptions(options.redisUrl, `${options.schedulerId}-worker`),
      prefix: options.prefix,
      concurrency: 1,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (_job, error) => options.warn(`${options.jobName} failed: ${error.message}`));
  }

  async close(): Promise<void> {
    await this.retired;
    await closeQuietly(this.worker);
    await closeQuietly(this.queue);
    this.redis.disconnect();
  }
}
