import { eventQueueName } from '@buergeramt/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type FailedEvent, listFailed, retryFailed } from '../admin';
import { closeQuietly, createProducerConnection } from '../redis';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './options';

/** Admin view of this service's event queue: failed events and their retry. */
@Injectable()
export class MessagingAdmin {
  private redis: Redis | null = null;
  private eventQueue: Queue | null = null;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions) {}

  /** this service's event queue (created on first use) */
  get queue(): Queue {
    if (!this.eventQueue) {
      this.redis = createProducerConnection(this.options.redisUrl, `${this.options.service}-admin`);
      this.eventQueue = new Queue(eventQueueName(this.options.service), {
        connection: this.redis,
        prefix: this.options.queuePrefix,
      });
      this.eventQueue.on('error', () => undefined);
    }
    return this.eventQueue;
  }

  listFailed(options: { start?: number; end?: number } = {}): Promise<FailedEvent[]> {
    return listFailed(this.queue, options);
  }

  retryFailed(jobId: string): Promise<boolean> {
    return retryFailed(this.queue, jobId);
  }

  jobCounts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  }

  async close(): Promise<void> {
    const queue = this.eventQueue;
    this.eventQueue = null;
    if (queue) await closeQuietly(queue);
    this.redis?.disconnect();
    this.redis = null;
  }
}
