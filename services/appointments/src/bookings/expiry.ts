import type { BookingJob } from './appointments.repository';

/**
 * The job name of a guest booking's expiry on `{appointments.expiry}`: the name the expiry jobs of earlier
 * versions (added to the queue directly by `ExpiryQueue`) have too, so `ExpiryJobs` runs those.
 */
export const EXPIRY_JOB = 'expire';

/** The data of an expiry job (the same as in earlier versions). */
export interface ExpiryJobData {
  appointmentId: string;
}

/**
 * The job id of an appointment's expiry (the same as in earlier versions): one job per booking, and the key
 * under which its run is recorded in the messaging inbox, so a job of an earlier version and one of this
 * version for the same booking run once between them.
 */
export function expiryJobId(appointmentId: string): string {
  return `expire-${appointmentId}`;
}

/**
 * The expiry job of a guest booking, written by the booking's statement (`AppointmentsRepository.book`),
 * due `delayMs` after it (counted from the write).
 */
export function expiryJob(appointmentId: string, delayMs: number): BookingJob {
  const data: ExpiryJobData = { appointmentId };
  return {
    queue: 'expiry',
    data,
    options: { name: EXPIRY_JOB, jobId: expiryJobId(appointmentId), delay: Math.max(0, delayMs) },
  };
}
