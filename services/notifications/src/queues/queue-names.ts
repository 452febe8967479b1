import { jobQueueName } from '@buergeramt/contracts';

/**
 * This service's own job queues. Never rename one without a migration plan: jobs waiting in the old queue
 * (delayed reminders, weeks ahead) would be stranded.
 */
export const MAIL_QUEUE = jobQueueName('notifications', 'mail');
export const REMINDER_QUEUE = jobQueueName('notifications', 'reminders');

/** The job id of an appointment's reminder (BullMQ refuses a custom id with one `:`, so a dash). */
export function reminderJobId(appointmentId: string): string {
  return `reminder-${appointmentId}`;
}

export interface MailJobData {
  deliveryId: string;
}

export interface ReminderJobData {
  appointmentId: string;
  /** the start the reminder was scheduled for; a job for an older start is stale */
  start: string;
}
