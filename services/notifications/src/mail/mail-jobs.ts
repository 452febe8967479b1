import type { JobsOptions } from 'bullmq';
import type { NotificationsConfig } from '../config';

/**
 * A mail job: its id is the delivery's id (adding it twice while it exists adds nothing), MAIL_ATTEMPTS
 * tries with exponential backoff from MAIL_BACKOFF_MS. Finished jobs are removed at once: the delivery log
 * is the record, and an admin's retry adds a job with the same id again.
 */
export function mailJobOptions(deliveryId: string, config: NotificationsConfig): JobsOptions {
  return {
    jobId: deliveryId,
    attempts: config.MAIL_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.MAIL_BACKOFF_MS },
    removeOnComplete: true,
    removeOnFail: true,
  };
}
