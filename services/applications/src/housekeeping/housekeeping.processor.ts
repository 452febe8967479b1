import { affectedRows, Clock } from '@buergeramt/platform';
import { Repeat } from '@buergeramt/messaging';
import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyKeys } from '../applications/idempotency';
import { RetentionService } from '../applications/retention.service';
import { ApplicationsConfig } from '../config';

/** The job scheduler's id: never rename without `replaces` (the old scheduler would go on adding jobs). */
const SCHEDULER_ID = 'applications-housekeeping-hourly';
/** What the job was called until 2026-12 ("maintenance"): its scheduler is removed at start (decision §35). */
const FORMER = { queue: 'maintenance', schedulerId: 'applications-maintenance-hourly' } as const;

/**
 * Hourly housekeeping on a repeatable BullMQ job (one scheduler for all replicas): anonymises cases of
 * deleted accounts whose retention has passed, and forgets idempotency keys older than 24 h.
 */
@Injectable()
export class HousekeepingProcessor {
  constructor(
    private readonly config: ApplicationsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retention: RetentionService,
    private readonly idempotency: IdempotencyKeys,
    private readonly clock: Clock,
  ) {}

  @Repeat<HousekeepingProcessor>({
    queue: 'housekeeping',
    schedulerId: SCHEDULER_ID,
    name: 'housekeeping',
    replaces: [FORMER],
    every: 60 * 60 * 1000,
  })
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

@Module({
  imports: [ApplicationsModule],
  providers: [HousekeepingProcessor],
  exports: [HousekeepingProcessor],
})
export class HousekeepingModule {}
