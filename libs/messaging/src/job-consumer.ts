import { type JobQueuePurpose, jobQueueName, type ServiceName } from '@buergeramt/contracts';
import { Logger, type LoggerService } from '@nestjs/common';
import { type Job, type MinimalJob, UnrecoverableError, Worker } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { v5 as uuidv5, validate as isUuid } from 'uuid';
import { logWorkerTrouble, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './jobs';
import { closeQuietly, workerConnectionOptions } from './redis';
import { errorMessage, messagingTable } from './tables';

/** What a job handler learns about the job it runs. */
export interface JobContext {
  /** the BullMQ job id (the outbox row's id, or the id the caller chose) */
  id: string;
  name: string;
  /** the queue's purpose, e.g. `mail` */
  queue: string;
  /** this try, from 1 */
  attempt: number;
  /** how many tries the job gets in all: `attempt === attempts` is the last one */
  attempts: number;
}

/** A handler of the jobs of one name (or, with `name: null`, of every name without a handler of its own). */
export interface JobHandlerRegistration {
  queue: JobQueuePurpose;
  name: string | null;
  /**
   * Stable name of the handler, recorded in the inbox with the job id. Renaming it makes jobs that are run
   * again afterwards look new to this handler.
   */
  consumer: string;
  /** tries per job before it fails for good */
  attempts: number;
  /** first retry delay, doubled for each further one */
  backoffMs: number;
  /** longest retry delay */
  maxBackoffMs: number;
  handle(data: unknown, manager: EntityManager, job: JobContext): Promise<unknown>;
}

export interface JobConsumerOptions {
  dataSource: DataSource;
  service: ServiceName;
  /** the purpose of the consumed queue (`JOB_QUEUES`) */
  queue: JobQueuePurpose;
  redisUrl: string;
  /** BullMQ prefix (QUEUE_PREFIX) */
  queuePrefix: string;
  handlers: readonly JobHandlerRegistration[];
  /** jobs run in parallel by this process; default 4 */
  concurrency?: number;
  /** at most `max` jobs per `durationMs`, across every process consuming the queue */
  rateLimit?: { max: number; durationMs: number };
  /** BullMQ's job lock: a job whose process died is run again this long after (default 30 s) */
  lockDurationMs?: number;
  /** how often stalled jobs are looked for (default 30 s) */
  stalledIntervalMs?: number;
  logger?: LoggerService;
}

/** What happened to a job: its handler ran and committed, or it had committed before. */
export type JobOutcome = 'handled' | 'duplicate';

/** Namespace of the inbox keys of job ids that are not UUIDs (a UUIDv5 of queue and job id). */
const JOB_INBOX_NAMESPACE = '6f1c8a52-9c1e-4b7e-9a43-2c5d0e6b7f10';

/** The inbox key of a job: its id when that is a UUID (the default), else a UUIDv5 of queue and id. */
export function jobInboxKey(queueName: string, jobId: string): string {
  return isUuid(jobId) ? jobId : uuidv5(`${queueName}\n${jobId}`, JOB_INBOX_NAMESPACE);
}

/**
 * Consumes one of the service's job queues: a BullMQ Worker dispatching by job name to the `@OnJob`
 * handlers. Each run is one database transaction that first records (job id, handler) in the inbox: a job
 * whose handler has committed is never run again (a re-added job, a job run again after its process or
 * Redis went away before BullMQ heard of its completion). A failing handler rolls back and is retried with
 * exponential backoff; after its last attempt the job stays in the failed set.
 */
export class JobConsumer {
  readonly queueName: string;
  /** the consumed queue's purpose */
  readonly queue: JobQueuePurpose;
  private readonly byName = new Map<string, JobHandlerRegistration>();
  private fallback: JobHandlerRegistration | null = null;
  private readonly logger: LoggerService;
  private readonly inbox: string;
  private worker: Worker<unknown, JobOutcome> | null = null;

  constructor(private readonly options: JobConsumerOptions) {
    this.queue = options.queue;
    this.queueName = jobQueueName(options.service, options.queue as never);
    this.logger = options.logger ?? new Logger(JobConsumer.name);
    this.inbox = messagingTable(options.dataSource, 'inbox');
    for (const handler of options.handlers) {
      if (handler.queue !== options.queue) {
        throw new Error(`${handler.consumer} handles jobs of "${handler.queue}", not of "${options.queue}"`);
      }
      const { attempts } = handler;
      if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_DELIVERY_ATTEMPTS) {
        throw new Error(
          `${handler.consumer}: attempts must be an integer from 1 to ${MAX_DELIVERY_ATTEMPTS}`,
        );
      }
      if (!(handler.backoffMs >= 0) || !(handler.maxBackoffMs >= 0)) {
        throw new Error(`${handler.consumer}: backoffMs and maxBackoffMs must be at least 0`);
      }
      if (handler.name === null) {
        if (this.fallback) {
          throw new Error(
            `two handlers take every job of "${options.queue}": ${this.fallback.consumer}, ${handler.consumer}`,
          );
        }
        this.fallback = handler;
        continue;
      }
      const existing = this.byName.get(handler.name);
      if (existing) {
        throw new Error(
          `two handlers of job "${handler.name}" on "${options.queue}": ${existing.consumer}, ${handler.consumer}`,
        );
      }
      this.byName.set(handler.name, handler);
    }
  }

  /** Starts the Worker. Returns at once; the Worker connects (and reconnects) to Redis in the background. */
  start(): void {
    if (this.worker) return;
    const { service, queue, rateLimit } = this.options;
    const worker = new Worker<unknown, JobOutcome>(this.queueName, (job) => this.process(job), {
      connection: workerConnectionOptions(this.options.redisUrl, `${service}-${queue}`),
      prefix: this.options.queuePrefix,
      concurrency: this.options.concurrency ?? 4,
      ...(rateLimit ? { limiter: { max: rateLimit.max, duration: rateLimit.durationMs } } : {}),
      ...(this.options.lockDurationMs ? { lockDuration: this.options.lockDurationMs } : {}),
      ...(this.options.stalledIntervalMs ? { stalledInterval: this.options.stalledIntervalMs } : {}),
      runRetryDelay: 2000,
      settings: {
        // used for jobs with backoff type JOB_BACKOFF_TYPE, which the relay gives every job
        backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: MinimalJob) => {
          const handler = job ? this.handlerOf(job.name) : undefined;
          if (!handler) return 0;
          return retryDelayMs(attemptsMade, handler.backoffMs, handler.maxBackoffMs);
        },
      },
    });
    logWorkerTrouble(worker, this.logger, `job consumer ${this.queueName}`, (job, error) => {
      const final = error instanceof UnrecoverableError || job.attemptsMade >= this.attemptsOf(job);
      const message = `job ${job.name} ${job.id} on ${this.queueName} failed (attempt ${job.attemptsMade}/${this.attemptsOf(job)}): ${error.message}`;
      return { message: final ? `${message}; it stays in the failed set` : message, final };
    });
    this.worker = worker;
  }

  /** Stops taking jobs, waits for the running ones, and closes the Worker. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    await closeQuietly(worker);
  }

  /** Runs the job's handler (inbox-guarded); exported for tests and tools. */
  async run(job: Pick<Job, 'id' | 'name' | 'data' | 'attemptsMade' | 'opts'>): Promise<JobOutcome> {
    const handler = this.handlerOf(job.name);
    if (!handler) {
      throw new UnrecoverableError(`no handler for job "${job.name}" on ${this.queueName}`);
    }
    const jobId = String(job.id);
    const context: JobContext = {
      id: jobId,
      name: job.name,
      queue: this.options.queue,
      attempt: job.attemptsMade + 1,
      attempts: this.attemptsOf(job),
    };
    return this.options.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${this.inbox} ("event_id", "consumer", "type") VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING "event_id"`,
        [jobInboxKey(this.queueName, jobId), handler.consumer, `job:${this.options.queue}:${job.name}`],
      );
      if (inserted.length === 0) return 'duplicate';
      await handler.handle(job.data, manager, context);
      return 'handled';
    });
  }

  private async process(job: Job): Promise<JobOutcome> {
    try {
      return await this.run(job);
    } catch (error) {
      // job.attemptsMade counts the attempts before this one
      if (job.attemptsMade + 1 >= this.attemptsOf(job) && !(error instanceof UnrecoverableError)) {
        const final = new UnrecoverableError(errorMessage(error));
        if (error instanceof Error && error.stack) final.stack = error.stack;
        throw final;
      }
      throw error;
    }
  }

  private handlerOf(name: string): JobHandlerRegistration | undefined {
    return this.byName.get(name) ?? this.fallback ?? undefined;
  }

  /** The handler's attempts; fewer when the job itself was added with fewer (jobs from before the relay). */
  private attemptsOf(job: Pick<Job, 'name' | 'opts'>): number {
    const handler = this.handlerOf(job.name);
    return Math.min(handler?.attempts ?? 1, job.opts.attempts ?? 1);
  }
}
