import { Repeat } from '@buergeramt/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { AppointmentStatesRepository } from '../reminders/appointment-states.repository';

/** guests' contact data of appointments is kept this long after the appointment */
const APPOINTMENT_RETENTION_DAYS = 30;

export interface HousekeepingSummary {
  expired: number;
  deliveriesPruned: number;
  appointmentsPruned: number;
}

/**
 * The service's upkeep, every HOUSEKEEPING_INTERVAL_MS (one run per interval for all replicas): fails
 * pending mails whose recipient never became known in time, deletes finished log entries after
 * DELIVERY_RETENTION_DAYS and guests' appointment data 30 days after the appointment. One `@Repeat` for
 * both (a job queue has one scheduled job), in a module of its own above the delivery log and the reminders.
 */
@Injectable()
export class Housekeeping {
  private readonly logger = new Logger(Housekeeping.name);

  constructor(
    private readonly config: NotificationsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly appointments: AppointmentStatesRepository,
  ) {}

  @Repeat<Housekeeping>({
    queue: 'housekeeping',
    schedulerId: 'notifications-housekeeping',
    name: 'housekeeping',
    every: (self) => self.config.HOUSEKEEPING_INTERVAL_MS,
  })
  async run(): Promise<HousekeepingSummary> {
    const expired = await this.deliveries.expirePending();
    if (expired > 0) this.logger.warn(`${expired} mail(s) failed: the recipient's profile never arrived`);
    const deliveriesPruned = await this.deliveries.prune(this.config.DELIVERY_RETENTION_DAYS);
    const appointmentsPruned = await this.appointments.prune(APPOINTMENT_RETENTION_DAYS);
    return { expired, deliveriesPruned, appointmentsPruned };
  }
}
