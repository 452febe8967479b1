import { closeQuietly, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import { AppointmentsConfig } from '../config';
import { AppointmentsService } from './appointments.service';
import { EXPIRY_QUEUE, type ExpiryJob } from './expiry.queue';

/** Runs the delayed expiry jobs: an unconfirmed guest booking is released and its slot is free again. */
@Injectable()
export class ExpiryProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ExpiryProcessor');
  private worker: Worker<ExpiryJob> | null = null;

  constructor(
    private readonly config: AppointmentsConfig,
    private readonly appointments: AppointmentsService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<ExpiryJob>(
      EXPIRY_QUEUE,
      async (job) => ((await this.appointments.expire(job.data.appointmentId)) ? 'expired' : 'nothing-to-do'),
      {
        connection: workerConnectionOptions(this.config.REDIS_URL, 'appointments-expiry-worker'),
        prefix: this.config.QUEUE_PREFIX,
        concurrency: 4,
      },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`expiry ${job?.id ?? '?'} failed: ${error.message}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker) await closeQuietly(this.worker);
  }
}
