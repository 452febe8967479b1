import { Repeat } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { AppointmentsRepository, IDEMPOTENCY_TTL_MS } from '../bookings/appointments.repository';
import { AppointmentsService } from '../bookings/appointments.service';
import { AppointmentsConfig } from '../config';
import { OfficeService } from '../office/office.service';
import { Clock } from '@buergeramt/platform';

/** The job scheduler's id: never rename (the old scheduler would go on adding jobs). */
const SCHEDULER_ID = 'appointments-housekeeping';

/**
 * Every SWEEP_INTERVAL_SECONDS, on a repeatable BullMQ job (one scheduler and one run per occurrence,
 * whatever the number of replicas): automatic no-shows, unconfirmed bookings whose expiry job was lost,
 * Idempotency-Keys older than 24 h.
 */
@Injectable()
export class HousekeepingProcessor {
  constructor(
    private readonly config: AppointmentsConfig,
    private readonly appointments: AppointmentsService,
    private readonly repository: AppointmentsRepository,
    private readonly office: OfficeService,
    private readonly clock: Clock,
  ) {}

  /** One round (also callable directly, e.g. from tests). */
  @Repeat<HousekeepingProcessor>({
    queue: 'housekeeping',
    schedulerId: SCHEDULER_ID,
    name: 'housekeeping',
    every: (self) => self.config.SWEEP_INTERVAL_SECONDS * 1000,
  })
  async run(): Promise<{ expired: number; noShows: number }> {
    const expired = await this.appointments.expireOverdue();
    const noShows = await this.office.markNoShows();
    await this.repository.pruneIdempotencyKeys(new Date(this.clock.now().getTime() - IDEMPOTENCY_TTL_MS));
    return { expired, noShows };
  }
}
