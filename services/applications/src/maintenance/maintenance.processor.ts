import { affectedRows, Clock } from '@buergeramt/platform';
import { jobQueueName } from '@buergeramt/contracts';
import { ScheduledJob } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyKeys } from '../applications/idempotency';
import { RetentionService } from '../applications/retention.service';
import { ApplicationsConfig } from '../config';

/** Never rename without a migration plan: waiting jobs would be stranded. */
export const MAINTENANCE_QUEUE = jobQueueName('applications', 'maintenance');
const SCHEDULER_ID = 'applications-maintenance-hourly';

/**
 * Hourly housekeeping on a repeatable BullMQ job (one scheduler for all replicas): anonymises cases of
 * deleted accounts whose retention has passed, and forgets idempotency keys older than 24 h.
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Maintenance');
  private job: ScheduledJob | null = null;

  constructor(
    private readonly config: ApplicationsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retention: RetentionService,
    private readonly idempotency: IdempotencyKeys,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.job = new ScheduledJob({
      redisUrl: this.config.REDIS_URL,
      prefix: this.config.QUEUE_PREFIX,
      queueName: MAINTENANCE_QUEUE,
      schedulerId: SCHEDULER_ID,
      jobName: 'maintenance',
      everyMs: 60 * 60 * 1000,
      run: () => this.run(),
      warn: (message) => this.logger.warn(message),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }

  async run(): Promise<{ anonymised: number; keysPruned: number; bookingsPruned: number }> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => ({
      anonymised: await this.retention.anonymiseDue(manager, now, this.config.APPLICATION_RETENTION_DAYS),
      keysPruned: await this.idempotency.prune(manager, now),
      bookingsPruned: await this.pruneBookings(manager, now),
    }));
  }

  /** Bookings that were never served (cancelled, expired, missed) are forgotten 30 days after their time. */
  private async pruneBookings(manager: EntityManager, now: Date): Promise<number> {
    return affectedRows(
      await manager.query(
        `DELETE FROM booked_appointments WHERE start < $1::timestamptz - interval '30 days'`,
        [now.toISOString()],
      ),
    );
  }
}

@Module({ imports: [ApplicationsModule], providers: [MaintenanceProcessor], exports: [MaintenanceProcessor] })
export class MaintenanceModule {}
