import { eventQueueName, JOB_QUEUES, type JobQueuePurpose, jobQueueName } from '@buergeramt/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type FailedEvent, type FailedJob, listFailed, listFailedJobs, retryFailed } from '../admin';
import { closeQuietly, createProducerConnection } from '../redis';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './options';

/** The states `jobCounts` and `jobQueueCounts` count. */
const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Admin view of this service's queues: the event queue's failed events and their retry (`listFailed`,
 * `retryFailed`, `jobCounts`), and the same for each of its own job queues in `JOB_QUEUES`
 * (`listFailedJobs`, `retryFailedJob`, `jobQueueCounts`), whether `@OnJob`'s or `@Repeat`'s.
 */
@Injectable()
export class MessagingAdmin {
  private redis: Redis | null = null;
  private eventQueue: Queue | null = null;
  private readonly jobQueuesByPurpose = new Map<string, Queue>();

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions) {}

  /** this service's event queue (created on first use) */
  get queue(): Queue {
    if (!this.eventQueue) this.eventQueue = this.open(eventQueueName(this.options.service));
    return this.eventQueue;
  }

  /** the purposes of this service's job queues (`JOB_QUEUES`) */
  get jobQueues(): readonly JobQueuePurpose[] {
    return JOB_QUEUES[this.options.service];
  }

  /** one of this service's job queues (created on first use); throws for a purpose not in `JOB_QUEUES` */
  jobQueue(purpose: string): Queue {
    let queue = this.jobQueuesByPurpose.get(purpose);
    if (!queue) {
      queue = this.open(jobQueueName(this.options.service, purpose as never));
      this.jobQueuesByPurpose.set(purpose, queue);
    }
    return queue;
  }

  listFailed(options: { start?: number; end?: number } = {}): Promise<FailedEvent[]> {
    return listFailed(this.queue, options);
  }

  retryFailed(jobId: string): Promise<boolean> {
    return retryFailed(this.queue, jobId);
  }

  /** the event queue's counts */
  jobCounts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts(...COUNTED_STATES);
  }

  /** The failed set of the job queue `purpose`, newest first (`start`..`end`, default the first 50). */
  listFailedJobs(purpose: string, options: { start?: number; end?: number } = {}): Promise<FailedJob[]> {
    return listFailedJobs(this.jobQueue(purpose), purpose, options);
  }

  /**
   * Gives a failed job of the job queue `purpose` a fresh set of attempts; false when there is no such job
   * or it is not failed. Its handler's inbox record still decides: a job whose handler committed once is not
   * run again.
   */
  retryFailedJob(purpose: string, jobId: string): Promise<boolean> {
    return retryFailed(this.jobQueue(purpose), jobId);
  }

  /** The counts of every job queue of this service, by purpose. */
  async jobQueueCounts(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const purpose of this.jobQueues) {
      counts[purpose] = await this.jobQueue(purpose).getJobCounts(...COUNTED_STATES);
    }
    return counts;
  }

  async close(): Promise<void> {
    const queues = [...(this.eventQueue ? [this.eventQueue] : []), ...this.jobQueuesByPurpose.values()];
    this.eventQueue = null;
    this.jobQueuesByPurpose.clear();
    await Promise.all(queues.map((queue) => closeQuietly(queue)));
    this.redis?.disconnect();
    this.redis = null;
  }

  /** A Queue on the admin's one Redis connection (created on first use). */
  private open(name: string): Queue {
    this.redis ??= createProducerConnection(this.options.redisUrl, `${this.options.service}-admin`);
    const queue = new Queue(name, { connection: this.redis, prefix: this.options.queuePrefix });
    queue.on('error', () => undefined);
    return queue;
  }
}
