import { jobQueueName } from '@buergeramt/contracts';

/**
 * The reminder queue (the mail queue is `MailJobs`' `@OnJob('mail')`, fed by the outbox). Never rename one
 * without a migration plan: jobs waiting in the old queue (delayed reminders, weeks ahead) would be stranded.
 */
export const REMINDER_QUEUE = jobQueueName('notifications', 'reminders');

/** The job id of an appointment's reminder (BullMQ refuses a custom id with one `:`, so a dash). */
export function reminderJobId(appointmentId: string): string {
  return `reminder-${appointmentId}`;
}

export interface ReminderJobData {
  appointmentId: string;
  /** the start the reminder was scheduled for; a job for an older start is stale */
  start: string;
}
