import type { DomainEvent } from '@buergeramt/contracts';
import type { JobsOptions } from 'bullmq';

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
