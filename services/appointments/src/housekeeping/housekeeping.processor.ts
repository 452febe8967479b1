import { jobQueueName } from '@buergeramt/contracts';
import { ScheduledJob } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppointmentsRepository, IDEMPOTENCY_TTL_MS } from '../bookings/appointments.repository';
import { AppointmentsService } from '../bookings/appointments.service';
import { AppointmentsConfig } from '../config';
import { OfficeService } from '../office/office.service';
import { Clock } from '@buergeramt/platform';

/** Never rename without a migration plan: waiting jobs would be stranded. */
export const HOUSEKEEPING_QUEUE = jobQueueName('appointments', 'housekeeping');
const SCHEDULER_ID = 'appointments-housekeeping';

/**
 * Every SWEEP_INTERVAL_SECONDS, on a repeatable BullMQ job (one scheduler and one run per occurrence,
 * whatever the number of replicas): automatic no-shows, unconfirmed bookings whose expiry job was lost,
 * Idempotency-Keys older than 24 h.
 */
@Injectable()
export class HousekeepingProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private job: ScheduledJob | null = null;

  constructor(
    private readonly config: AppointmentsConfig,
    private readonly appointments: AppointmentsService,
    private readonly repository: AppointmentsRepository,
    private readonly office: OfficeService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.job = new ScheduledJob({
      redisUrl: this.config.REDIS_URL,
      prefix: this.config.QUEUE_PREFIX,
      queueName: HOUSEKEEPING_QUEUE,
      schedulerId: SCHEDULER_ID,
      jobName: 'housekeeping',
      everyMs: this.config.SWEEP_INTERVAL_SECONDS * 1000,
      run: () => this.run(),
      warn: (message) => this.logger.warn(message),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }

  /** One round (also callable directly, e.g. from tests). */
  async run(): Promise<{ expired: number; noShows: number }> {
    const expired = await this.appointments.expireOverdue();
    const noShows = await this.office.markNoShows();
    await this.repository.pruneIdempotencyKeys(new Date(this.clock.now().getTime() - IDEMPOTENCY_TTL_MS));
    return { expired, noShows };
  }
}
