import type { JobQueuePurpose } from '@buergeramt/contracts';

export const REPEAT_METADATA = 'buergeramt:messaging:repeat';

/** Where a repeated job runs and how often. */
export interface RepeatOptions<T extends object = object> {
  /**
   * The purpose of its job queue, one of the service's in the registry (`JOB_QUEUES`, contracts): the
   * queue is `jobQueueName(<service>, queue)`.
   */
  queue: JobQueuePurpose;
  /**
   * The BullMQ job scheduler's id, one for all replicas. Never rename without removing the old scheduler:
   * both would add jobs, and the work would run twice per interval.
   */
  schedulerId: string;
  /** The job's name (in Redis and in logs). */
  name: string;
  /** The interval in milliseconds, or how to read it from the provider (e.g. its configuration). */
  every: number | ((provider: T) => number);
  /**
   * The queue and scheduler id this job had before a rename: that scheduler is removed when the job starts
   * (the old queue must stay in `JOB_QUEUES` until every installation has started once with the new name).
   */
  replaces?: readonly { queue: JobQueuePurpose; schedulerId: string }[];
}

/**
 * Runs a provider method on a repeatable job: one BullMQ job scheduler for all replicas, each occurrence
 * run by one of them, one at a time (MessagingRuntime starts it when the application has bootstrapped and
 * stops it before shutdown). A failure is logged and the next occurrence runs as usual. The method takes
 * no arguments, so tests can call it directly:
 *
 *     @Repeat<Maintenance>({ queue: 'maintenance', schedulerId: 'x-maintenance', name: 'maintenance',
 *       every: (self) => self.config.MAINTENANCE_INTERVAL_MS })
 *     async run(): Promise<Summary> { ... }
 */
export function Repeat<T extends object>(options: RepeatOptions<T>) {
  return <M extends () => Promise<unknown>>(
    _target: T,
    _propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const method = descriptor.value;
    if (typeof method !== 'function') throw new Error('@Repeat decorates methods only');
    if (Reflect.getMetadata(REPEAT_METADATA, method)) throw new Error('@Repeat may be used once per method');
    Reflect.defineMetadata(REPEAT_METADATA, options, method);
  };
}

export function getRepeatMetadata(method: unknown): RepeatOptions | undefined {
  if (typeof method !== 'function') return undefined;
  return Reflect.getMetadata(REPEAT_METADATA, method) as RepeatOptions | undefined;
}
