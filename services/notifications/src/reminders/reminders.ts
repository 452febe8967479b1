import { type OutboxJobRow, OutboxPublisher } from '@buergeramt/messaging';
import { Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** How long before an appointment its reminder goes out. */
export const REMINDER_LEAD_MS = 24 * 3600_000;

/**
 * The job name of a reminder on `{notifications.reminders}`: the name the reminder jobs of earlier versions
 * (added to the queue directly, job id `reminder-<appointmentId>`) have too, so `ReminderJobs` runs those.
 */
export const REMINDER_JOB = 'reminder';

/** The data of a reminder job (the same as in earlier versions). */
export interface ReminderJobData {
  appointmentId: string;
  /** the start the reminder was planned for: when the appointment has another one by now, it is stale */
  start: string;
}

/**
 * The job id of the reminder for one start of an appointment: the same start gives the same job (added once,
 * run once), another start a job of its own. BullMQ refuses a custom id with one `:`, so dashes and the
 * start in epoch milliseconds.
 */
export function reminderJobId(appointmentId: string, start: string): string {
  return `reminder-${appointmentId}-${Date.parse(start)}`;
}

/**
 * Plans reminders. The job is written in the transaction that records the appointment's state (by the same
 * statement, `jobRow`), so both commit or neither does; the messaging relay adds it to the reminder queue
 * after the commit, delayed until it is due. A moved, cancelled or expired appointment needs no job removed:
 * the job checks the recorded state when it runs and does nothing unless it is still due for that start
 * (`ReminderJobs`).
 */
@Injectable()
export class Reminders {
  constructor(
    private readonly outbox: OutboxPublisher,
    private readonly clock: Clock,
  ) {}

  /** When the reminder of an appointment starting at `start` is due. */
  dueAt(start: string): Date {
    return new Date(Date.parse(start) - REMINDER_LEAD_MS);
  }

  /**
   * The reminder job for the appointment's `start`, due at `dueAt`, as a row for a statement of the caller's
   * in its transaction (placeholders from `firstParam`): the one that records the appointment's state.
   */
  jobRow(
    manager: EntityManager,
    appointmentId: string,
    start: string,
    dueAt: Date,
    firstParam: number,
  ): OutboxJobRow {
    const data: ReminderJobData = { appointmentId, start };
    return this.outbox.jobRow(
      manager,
      'reminders',
      data,
      {
        name: REMINDER_JOB,
        jobId: reminderJobId(appointmentId, start),
        delay: Math.max(0, dueAt.getTime() - this.clock.now().getTime()),
      },
      firstParam,
    );
  }
}
