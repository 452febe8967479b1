import type { JobQueuePurpose, ServiceName } from '@buergeramt/contracts';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';

export interface MessagingModuleOptions {
  /** the service this app is: its outbox is relayed, its event queue consumed, it is every event's source */
  service: ServiceName;
  redisUrl: string;
  /** BullMQ prefix of every queue (QUEUE_PREFIX) */
  queuePrefix: string;
  /** name of the TypeORM DataSource to use; default: the default one */
  dataSourceName?: string;
  relay?: {
    /** default true; a service may run relays in some replicas only */
    enabled?: boolean;
    /** idle poll interval; default 1000 ms */
    intervalMs?: number;
    /** rows per transaction; default 100 */
    batchSize?: number;
    /** longest pause while publishing fails; default 30 s */
    maxBackoffMs?: number;
    /** timeout of one queue add; default 5000 ms */
    addTimeoutMs?: number;
    /** keep published rows this long; default 7 days; null keeps them forever */
    retentionMs?: number | null;
  };
  consumer?: {
    /** default true (no Worker is started for a service that subscribes to nothing) */
    enabled?: boolean;
    /** tries per event before it stays in the failed set; default 8 */
    attempts?: number;
    /** first retry delay, doubling with every further one; default 1000 ms */
    backoffMs?: number;
    /** longest retry delay; default 1 h */
    maxBackoffMs?: number;
    /** events processed in parallel; default 4 */
    concurrency?: number;
  };
  /** the Workers of the service's own job queues (one per queue with an `@OnJob` handler) */
  jobs?: {
    /** default true; false starts no job Worker in this process (jobs are still enqueued and relayed) */
    enabled?: boolean;
    /** tries per job of a handler that does not set its own; default 8 */
    attempts?: number;
    /** first retry delay of such a handler, doubling; default 1000 ms */
    backoffMs?: number;
    /** longest retry delay of such a handler; default 1 h */
    maxBackoffMs?: number;
    /** jobs run in parallel per queue and process; default 4 */
    concurrency?: number;
    /** BullMQ's job lock: a job whose process died runs again about this long after; default 30 s */
    lockDurationMs?: number;
    /** how often stalled jobs are looked for; default 30 s */
    stalledIntervalMs?: number;
    /** per queue: its own concurrency and a rate limit across all processes */
    queues?: Partial<
      Record<JobQueuePurpose, { concurrency?: number; rateLimit?: { max: number; durationMs: number } }>
    >;
  };
}

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
