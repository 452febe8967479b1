import type { JobQueuePurpose } from '@buergeramt/contracts';
import type { EntityManager } from 'typeorm';
import type { JobContext } from '../job-consumer';

export const ON_JOB_METADATA = 'buergeramt:messaging:on-job';

/** A number, or how to read it from the provider (e.g. from its configuration). */
export type FromProvider<T, V> = V | ((provider: T) => V);

export interface OnJobOptions<T extends object = object> {
  /**
   * The handler's stable name in the inbox; default `ClassName.methodName`. Set it when renaming a class
   * or method, so that jobs run again afterwards are still recognised.
   */
  consumer?: string;
  /** tries per job before it fails for good; default: the module's `jobs.attempts` (8) */
  attempts?: FromProvider<T, number>;
  /** first retry delay, doubling; default: the module's `jobs.backoffMs` (1000 ms) */
  backoffMs?: FromProvider<T, number>;
  /** longest retry delay; default: the module's `jobs.maxBackoffMs` (1 h) */
  maxBackoffMs?: FromProvider<T, number>;
}

export interface OnJobMetadata {
  queue: JobQueuePurpose;
  /** null: every job of the queue that no handler of its own name takes */
  name: string | null;
  options: OnJobOptions;
}

/** The signature a job handler method must have. */
export type JobHandlerMethod = (data: never, manager: EntityManager, job: JobContext) => Promise<unknown>;

/**
 * Marks a provider method as the handler of the jobs named `name` on the service's job queue `queue` (a
 * purpose of the service in `JOB_QUEUES`), written by `OutboxPublisher.enqueue` and published by the relay.
 * Without a name it takes every job of the queue that has no handler of its own name. It runs inside the
 * transaction that records the job in the inbox; make every database change through `manager`, so that a
 * job whose handler committed is never run again:
 *
 *     @OnJob('mail', { attempts: (self) => self.config.MAIL_ATTEMPTS })
 *     async send(data: MailJobData, manager: EntityManager, job: JobContext) { ... }
 *
 * Throwing makes the job retry with backoff (`job.attempt === job.attempts` on the last try); throwing
 * BullMQ's `UnrecoverableError` fails it at once. What the handler does outside the database (a mail, an
 * HTTP call) must be idempotent on its own, e.g. by checking the row it is about (status `queued`).
 */
export function OnJob<T extends object>(
  queue: JobQueuePurpose,
  nameOrOptions?: string | OnJobOptions<T>,
  maybeOptions?: OnJobOptions<T>,
) {
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : null;
  const options = (typeof nameOrOptions === 'object' ? nameOrOptions : maybeOptions) ?? {};
  return <M extends JobHandlerMethod>(
    _target: T,
    _propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const method = descriptor.value;
    if (typeof method !== 'function') throw new Error('@OnJob decorates methods only');
    const existing = (Reflect.getMetadata(ON_JOB_METADATA, method) as OnJobMetadata[] | undefined) ?? [];
    const metadata: OnJobMetadata = { queue, name, options: options as OnJobOptions };
    Reflect.defineMetadata(ON_JOB_METADATA, [...existing, metadata], method);
  };
}

export function getOnJobMetadata(method: unknown): OnJobMetadata[] {
  if (typeof method !== 'function') return [];
  return (Reflect.getMetadata(ON_JOB_METADATA, method) as OnJobMetadata[] | undefined) ?? [];
}
