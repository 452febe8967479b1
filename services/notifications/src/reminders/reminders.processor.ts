import { Clock } from '@buergeramt/platform';
import { closeQuietly, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { NotificationsConfig } from '../config';
import { NotifyService } from '../mail/notify.service';
import { REMINDER_QUEUE, type ReminderJobData } from '../queues/queue-names';
import { appointmentAddressee, appointmentMailParams } from './appointment-mails';
import { AppointmentStatesRepository } from './appointment-states.repository';

export type ReminderResult = 'sent' | 'stale' | 'missed';

/**
 * Runs due reminder jobs: under the appointment's row lock it checks that the reminder is still wanted for
 * this start (a cancel or reschedule that raced the job wins) and queues the reminder mail.
 */
@Injectable()
export class RemindersProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RemindersProcessor.name);
  private worker: Worker<ReminderJobData, ReminderResult> | null = null;
  private lastErrorLog = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
    private readonly states: AppointmentStatesRepository,
    private readonly notify: NotifyService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const worker = new Worker<ReminderJobData, ReminderResult>(REMINDER_QUEUE, (job) => this.process(job), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'notifications-reminders'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 2,
      runRetryDelay: 2000,
    });
    worker.on('error', (error) => {
      if (Date.now() - this.lastErrorLog < 10_000) return;
      this.lastErrorLog = Date.now();
      this.logger.warn(`reminder worker: ${error.message}`);
    });
    this.worker = worker;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await closeQuietly(worker);
  }

  process(job: Job<ReminderJobData>): Promise<ReminderResult> {
    const { appointmentId, start } = job.data;
    return this.dataSource.transaction(async (manager) => {
      const state = await this.states.lock(manager, appointmentId);
      if (
        !state ||
        state.status !== 'confirmed' ||
        state.reminder !== 'scheduled' ||
        state.startAt.getTime() !== Date.parse(start)
      ) {
        return 'stale';
      }
      if (state.startAt.getTime() <= this.clock.now().getTime()) {
        await this.states.setReminder(manager, appointmentId, 'missed');
        this.logger.warn(`reminder for ${appointmentId} came too late (the appointment has begun): not sent`);
        return 'missed';
      }
      const to = appointmentAddressee(state.payload);
      if (to) {
        await this.notify.notify(manager, {
          kind: 'appointment-reminder',
          params: appointmentMailParams(state.payload),
          dedupeKey: `appointment:${appointmentId}:reminder:${state.startAt.toISOString()}`,
          to,
          event: null,
        });
      }
      await this.states.setReminder(manager, appointmentId, 'sent');
      return 'sent';
    });
  }
}
