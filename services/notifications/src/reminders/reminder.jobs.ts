import { OnJob } from '@buergeramt/messaging';
import { Clock } from '@buergeramt/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotifyService } from '../notify/notify.service';
import { appointmentAddressee, appointmentMailParams } from './appointment-mails';
import { AppointmentStatesRepository } from './appointment-states.repository';
import { REMINDER_JOB, type ReminderJobData } from './reminders';

/** What a run of a reminder job did (logged; the appointment's row and the delivery log are the record). */
export type ReminderResult = 'sent' | 'stale' | 'missed';

/**
 * Runs due reminder jobs (`@OnJob('reminders', 'reminder')`, in the transaction that records the job in the
 * messaging inbox): under the appointment's row lock it checks that the reminder is still wanted for the
 * job's start — the appointment is known, confirmed, its reminder `scheduled` and its start the job's — and
 * otherwise does nothing, so a moved, cancelled, expired or erased appointment needs no job removed (a
 * cancel or reschedule that raced the job wins the lock or finds it done). Then it queues the reminder mail
 * and marks the reminder `sent`, so a second job for the same start (one of an earlier version) sends
 * nothing. A job that runs only after the appointment has begun (the service was down) records `missed`.
 */
@Injectable()
export class ReminderJobs {
  private readonly logger = new Logger(ReminderJobs.name);

  constructor(
    private readonly states: AppointmentStatesRepository,
    private readonly notify: NotifyService,
    private readonly clock: Clock,
  ) {}

  // tries and backoff as the hand-built worker of earlier versions gave its jobs: 5, from 5 s doubling
  @OnJob<ReminderJobs>('reminders', REMINDER_JOB, { attempts: 5, backoffMs: 5000 })
  async remind(data: ReminderJobData, manager: EntityManager): Promise<ReminderResult> {
    const { appointmentId, start } = data;
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
  }
}
