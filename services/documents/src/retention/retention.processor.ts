import { closeQuietly, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import { DocumentsConfig } from '../config';
import { JobQueues } from '../queues/job-queues';
import { RETENTION_QUEUE, RETENTION_SCHEDULER_ID } from '../queues/queue-names';
import { RetentionService } from './retention.service';

/** The repeatable retention job: one BullMQ scheduler whatever the number of replicas; one runs each time. */
@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private worker: Worker | null = null;

  constructor(
    private readonly config: DocumentsConfig,
    private readonly queues: JobQueues,
    private readonly retention: RetentionService,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.retention
      .upsertJobScheduler(
        RETENTION_SCHEDULER_ID,
        { every: this.config.RETENTION_INTERVAL_MS },
        { name: 'retention', opts: { removeOnComplete: 50, removeOnFail: 50 } },
      )
      .catch((error: unknown) => this.logger.warn(`cannot schedule retention: ${String(error)}`));
    this.worker = new Worker(RETENTION_QUEUE, () => this.retention.run(), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'documents-retention'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (_job, error) => this.logger.warn(`retention failed: ${error.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker) await closeQuietly(this.worker);
  }
}
