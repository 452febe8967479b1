import { jobQueueName } from '@buergeramt/contracts';
import { closeQuietly, createProducerConnection } from '@buergeramt/messaging';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppointmentsConfig } from '../config';

/** Never rename without a migration plan: waiting jobs would be stranded. */
export const EXPIRY_QUEUE = jobQueueName('appointments', 'expiry');

export interface ExpiryJob {
  appointmentId: string;
}

/** The job id of an appointment's expiry: deterministic, so that a confirmation or cancel can remove it. */
export function expiryJobId(appointmentId: string): string {
  return `expire-${appointmentId}`;
}

/**
 * Delayed jobs that release unconfirmed guest bookings. If Redis is away when a booking is made, the
 * housekeeping sweep releases it instead (it looks at `expires_at` in the database), so nothing is lost.
 */
@Injectable()
export class ExpiryQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ExpiryQueue');
  private readonly redis: Redis;
  readonly queue: Queue<ExpiryJob>;

  constructor(config: AppointmentsConfig) {
    this.redis = createProducerConnection(config.REDIS_URL, 'appointments-expiry-producer');
    this.queue = new Queue<ExpiryJob>(EXPIRY_QUEUE, { connection: this.redis, prefix: config.QUEUE_PREFIX });
    this.queue.on('error', () => undefined);
  }

  /** Schedules the release `delayMs` from now (the service's clock decides when the booking was made). */
  async schedule(appointmentId: string, delayMs: number): Promise<void> {
    try {
      await this.queue.add(
        'expire',
        { appointmentId },
        {
          jobId: expiryJobId(appointmentId),
          delay: Math.max(0, delayMs),
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      );
    } catch (error) {
      this.logger.warn(`expiry of ${appointmentId} not scheduled (the sweep will do it): ${String(error)}`);
    }
  }

  async cancel(appointmentId: string): Promise<void> {
    try {
      await this.queue.remove(expiryJobId(appointmentId));
    } catch (error) {
      // a job that runs anyway finds the booking confirmed or cancelled and does nothing
      this.logger.warn(`expiry job of ${appointmentId} not removed: ${String(error)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await closeQuietly(this.queue);
    this.redis.disconnect();
  }
}
