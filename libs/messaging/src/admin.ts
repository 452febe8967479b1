import type { DomainEvent } from '@buergeramt/contracts';
import type { Queue } from 'bullmq';

/** An event whose handling failed for good, as admins see it. */
export interface FailedEvent {
  jobId: string;
  eventId: string;
  type: string;
  subject: string;
  source: string;
  attemptsMade: number;
  failedReason: string;
  stacktrace: string[];
  /** ISO timestamp of the last failure */
  failedAt: string | null;
  event: DomainEvent;
}

/** The failed set of an event queue, newest first. */
export async function listFailed(
  queue: Queue,
  options: { start?: number; end?: number } = {},
): Promise<FailedEvent[]> {
  const jobs = await queue.getFailed(options.start ?? 0, options.end ?? 49);
  return jobs
    .filter((job) => job !== undefined && job !== null)
    .map((job) => {
      const event = job.data as DomainEvent;
      return {
        jobId: job.id ?? '',
        eventId: event.id,
        type: event.type,
        subject: event.subject,
        source: event.source,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason,
        stacktrace: job.stacktrace ?? [],
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        event,
      };
    });
}

/**
 * Moves a failed job back to waiting with its attempt count reset, so it gets the full number of tries
 * again. Resolves false when there is no such job or it is not failed.
 */
export async function retryFailed(queue: Queue, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (!job || (await job.getState()) !== 'failed') return false;
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return true;
}

/** A job of one of the service's own job queues that failed for good, as admins see it. */
export interface FailedJob {
  /** the queue's purpose (`JOB_QUEUES`), e.g. `mail` */
  queue: string;
  jobId: string;
  /** the job's name (which `@OnJob` handler runs it) */
  name: string;
  data: unknown;
  attemptsMade: number;
  failedReason: string;
  stacktrace: string[];
  /** ISO timestamp of the last failure */
  failedAt: string | null;
}

/** The failed set of one of the service's job queues (purpose `purpose`), newest first. */
export async function listFailedJobs(
  queue: Queue,
  purpose: string,
  options: { start?: number; end?: number } = {},
): Promise<FailedJob[]> {
  const jobs = await queue.getFailed(options.start ?? 0, options.end ?? 49);
  return jobs
    .filter((job) => job !== undefined && job !== null)
    .map((job) => ({
      queue: purpose,
      jobId: job.id ?? '',
      name: job.name,
      data: job.data as unknown,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason,
      stacktrace: job.stacktrace ?? [],
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
}
