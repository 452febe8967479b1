import type { EventPayloads } from '@buergeramt/contracts';
import { closeQuietly, createProducerConnection } from '@buergeramt/messaging';
import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DocumentsConfig } from '../config';
import { ISSUE_QUEUE, SCAN_QUEUE, type ScanJobData } from './queue-names';

export type IssueJobData = EventPayloads['application.decided'] & { eventId: string };

/**
 * Producers of the service's job queues on one fail-fast connection: while Redis is unreachable an add
 * rejects at once (the caller retries or the periodic sweep catches up) instead of hanging.
 */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  readonly scan: Queue<ScanJobData>;
  readonly issue: Queue<IssueJobData>;
  private readonly connection: Redis;

  constructor(config: DocumentsConfig) {
    this.connection = createProducerConnection(config.REDIS_URL, 'documents-jobs');
    const options = { connection: this.connection, prefix: config.QUEUE_PREFIX };
    this.scan = new Queue<ScanJobData>(SCAN_QUEUE, options);
    this.issue = new Queue<IssueJobData>(ISSUE_QUEUE, options);
    for (const queue of [this.scan, this.issue]) queue.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeQuietly(this.scan), closeQuietly(this.issue)]);
    this.connection.disconnect();
  }
}

@Global()
@Module({ providers: [JobQueues], exports: [JobQueues] })
export class QueuesModule {}
