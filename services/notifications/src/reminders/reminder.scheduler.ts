import { Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { JobQueues } from '../queues/queues.module';
import { reminderJobId, type ReminderJobData } from '../queues/queue-names';

/** How long before an appointment its reminder goes out. */
export const REMINDER_LEAD_MS = 24 * 3600_000;

/** The delayed reminder jobs on the reminder queue, one per appointment (`reminder-<appointmentId>`). */
@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly queues: JobQueues,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes sure exactly one reminder job for the appointment is due at `dueAt`, for `start`: a job for
   * another start is moved (removed and added again with the new delay); a job that is running right now
   * makes this throw, so that the event is retried once it has finished.
   */
  async schedule(appointmentId: string, start: string, dueAt: Date): Promise<void> {
    const jobId = reminderJobId(appointmentId);
    const existing = await this.queues.reminders.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed' && existing.data.start === start) return;
      if (state === 'active') throw new Error(`reminder ${jobId} is running; try again when it has finished`);
      await this.queues.reminders.remove(jobId);
    }
    const data: ReminderJobData = { appointmentId, start };
    await this.queues.reminders.add('reminder', data, {
      jobId,
      delay: Math.max(0, dueAt.getTime() - this.clock.now().getTime()),
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
  }

  /** Removes the appointment's reminder job if there is one (a running one re-checks the appointment itself). */
  async remove(appointmentId: string): Promise<void> {
    await this.queues.reminders.remove(reminderJobId(appointmentId));
  }
}
