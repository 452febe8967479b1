import type { DomainEvent } from '@buergeramt/contracts';
import type { LoggerService } from '@nestjs/common';
import type { Job, JobsOptions, Worker } from 'bullmq';
import { errorMessage } from './tables';

/**
 * The consumer, not the publisher, decides how often an event is tried: the relay gives every job this
 * generous ceiling and a backoff type the consumer's Worker implements, and the consumer fails the job for
 * good (UnrecoverableError) after its own configured number of attempts.
 */
export const MAX_DELIVERY_ATTEMPTS = 1000;
export const EVENT_BACKOFF_TYPE = 'event-consumer';

/** How long completed event jobs are kept (so a re-add by the relay is a no-op while they are). */
export const COMPLETED_EVENT_RETENTION = { age: 24 * 3600, count: 10_000 };

/** BullMQ options of an event job: the event id is the job id, failed jobs stay for admins. */
export function eventJobOptions(event: Pick<DomainEvent, 'id'>): JobsOptions {
  return {
    jobId: event.id,
    attempts: MAX_DELIVERY_ATTEMPTS,
    backoff: { type: EVENT_BACKOFF_TYPE },
    removeOnComplete: COMPLETED_EVENT_RETENTION,
    removeOnFail: false,
  };
}

/** The backoff type of the service's own jobs: the job consumer's Worker computes it per handler. */
export const JOB_BACKOFF_TYPE = 'job-consumer';

/** How long a job that failed for good is kept in its failed set (Redis), for admins and tools. */
export const FAILED_JOB_RETENTION = { age: 30 * 24 * 3600, count: 10_000 };

/**
 * BullMQ options of a job the relay adds from `outbox_jobs`: the row id (or the caller's job id) is the job
 * id, so a second add of the same row (a relay that died between adding and marking) is ignored by BullMQ;
 * the consumer decides the attempts and the backoff (like for events); `delayMs` is what remains of the
 * delay asked for when the row was written.
 */
export function outboxJobOptions(jobId: string, delayMs: number): JobsOptions {
  return {
    jobId,
    delay: Math.max(0, Math.round(delayMs)),
    attempts: MAX_DELIVERY_ATTEMPTS,
    backoff: { type: JOB_BACKOFF_TYPE },
    removeOnComplete: COMPLETED_EVENT_RETENTION,
    removeOnFail: FAILED_JOB_RETENTION,
  };
}

/**
 * A job id BullMQ accepts as a custom id: not empty, no `:` (BullMQ refuses ids with exactly one and
 * Redis keys use it as a separator), not an integer (BullMQ's own ids are integers).
 */
export function assertValidJobId(jobId: string): void {
  if (jobId.length === 0 || jobId.length > 200 || jobId.includes(':') || /^\d+$/.test(jobId)) {
    throw new Error(
      `invalid job id "${jobId}": 1 to 200 characters, no ":", not a number (e.g. "reminder-<uuid>")`,
    );
  }
}

/** The wait before retry `attemptsMade` + 1: `baseMs` doubled per attempt made, at most `maxMs`. */
export function retryDelayMs(attemptsMade: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * Logs what goes wrong on a consumer's Worker: connection errors (they repeat while Redis is away: one per
 * 10 s) as warnings, and each failed job as `describe` words it, an error once it failed for good.
 */
export function logWorkerTrouble<D, R>(
  worker: Worker<D, R>,
  logger: LoggerService,
  label: string,
  describe: (job: Job<D, R>, error: Error) => { message: string; final: boolean },
): void {
  let lastErrorLog = 0;
  worker.on('error', (error) => {
    if (Date.now() - lastErrorLog < 10_000) return;
    lastErrorLog = Date.now();
    logger.warn(`${label}: ${errorMessage(error)}`);
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const { message, final } = describe(job, error);
    if (final) logger.error(message);
    else logger.warn(message);
  });
}
