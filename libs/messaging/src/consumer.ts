import {
  type DomainEvent,
  eventQueueName,
  type EventType,
  type ServiceName,
  SUBSCRIPTIONS,
} from '@buergeramt/contracts';
import { Logger, type LoggerService } from '@nestjs/common';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { logWorkerTrouble, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './jobs';
import { closeQuietly, workerConnectionOptions } from './redis';
import { errorMessage, messagingTable } from './tables';

/** A handler of one event type, run in a transaction together with its inbox record. */
export interface EventHandlerRegistration<T extends EventType = EventType> {
  type: T;
  /**
   * Stable name of the handler, recorded in the inbox with the event id. Renaming it makes events that
   * are redelivered afterwards look new to this handler.
   */
  consumer: string;
  handle(event: DomainEvent<T>, manager: EntityManager): Promise<unknown>;
}

/** Builds a registration with the payload type following the event type. */
export function eventHandler<T extends EventType>(
  type: T,
  consumer: string,
  handle: (event: DomainEvent<T>, manager: EntityManager) => Promise<unknown>,
): EventHandlerRegistration {
  const registration: EventHandlerRegistration<T> = { type, consumer, handle };
  return registration;
}

export interface EventConsumerOptions {
  dataSource: DataSource;
  /** the consuming service: its event queue is consumed */
  service: ServiceName;
  redisUrl: string;
  /** BullMQ prefix (QUEUE_PREFIX) */
  queuePrefix: string;
  handlers: readonly EventHandlerRegistration[];
  /** tries per event before it stays in the failed set; default 8 */
  attempts?: number;
  /** first retry delay, doubled for each further one; default 1000 ms */
  backoffMs?: number;
  /** longest retry delay; default 1 h */
  maxBackoffMs?: number;
  /** events processed in parallel; default 4 */
  concurrency?: number;
  logger?: LoggerService;
}

/** What happened to an event in one handler. */
export type HandlerOutcome = 'handled' | 'duplicate';

/**
 * Consumes a service's event queue: a BullMQ Worker dispatching by event type. Each handler runs in its
 * own database transaction that first records (event id, handler) in the inbox; when that row already
 * exists the handler is skipped, so a redelivered event changes nothing. A failing handler is retried
 * with exponential backoff; after the last attempt the job stays in the failed set with its error.
 */
export class EventConsumer {
  readonly queueName: string;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly handlers = new Map<string, EventHandlerRegistration[]>();
  private readonly logger: LoggerService;
  private readonly inbox: string;
  private worker: Worker<DomainEvent, Record<string, HandlerOutcome>> | null = null;

  constructor(private readonly options: EventConsumerOptions) {
    this.queueName = eventQueueName(options.service);
    this.attempts = options.attempts ?? 8;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3600_000;
    this.logger = options.logger ?? new Logger(EventConsumer.name);
    this.inbox = messagingTable(options.dataSource, 'inbox');
    if (!Number.isInteger(this.attempts) || this.attempts < 1 || this.attempts > MAX_DELIVERY_ATTEMPTS) {
      throw new Error(`EventConsumer: attempts must be an integer from 1 to ${MAX_DELIVERY_ATTEMPTS}`);
    }
    const subscribed = new Set<string>(SUBSCRIPTIONS[options.service]);
    for (const handler of options.handlers) {
      if (!subscribed.has(handler.type)) {
        throw new Error(
          `${handler.consumer} handles "${handler.type}", but ${options.service} does not subscribe to it: ` +
            'add it to SUBSCRIPTIONS in @buergeramt/contracts',
        );
      }
      const list = this.handlers.get(handler.type) ?? [];
      if (list.some((h) => h.consumer === handler.consumer)) {
        throw new Error(`two handlers of "${handler.type}" share the consumer name "${handler.consumer}"`);
      }
      list.push(handler);
      this.handlers.set(handler.type, list);
    }
    for (const type of subscribed) {
      if (!this.handlers.has(type)) {
        this.logger.warn(
          `${options.service} subscribes to "${type}" but has no handler: such events will fail (visible in the failed set)`,
        );
      }
    }
  }

  /** the event types that have a handler */
  get handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  /** Starts the Worker. Returns at once; the Worker connects (and reconnects) to Redis in the background. */
  start(): void {
    if (this.worker) return;
    const connection = workerConnectionOptions(this.options.redisUrl, `${this.options.service}-events`);
    const worker = new Worker<DomainEvent, Record<string, HandlerOutcome>>(
      this.queueName,
      (job) => this.process(job),
      {
        connection,
        prefix: this.options.queuePrefix,
        concurrency: this.options.concurrency ?? 4,
        // after an unexpected error while fetching jobs, try again soon (BullMQ's default is 15 s)
        runRetryDelay: 2000,
        settings: {
          // used for jobs with backoff type EVENT_BACKOFF_TYPE, which the relay gives every event job
          backoffStrategy: (attemptsMade: number) =>
            retryDelayMs(attemptsMade, this.backoffMs, this.maxBackoffMs),
        },
      },
    );
    logWorkerTrouble(worker, this.logger, `event consumer ${this.queueName}`, (job, error) => {
      const final = error instanceof UnrecoverableError || job.attemptsMade >= this.attempts;
      const message = `${job.data.type} ${job.data.id} failed (attempt ${job.attemptsMade}/${this.attempts}): ${error.message}`;
      return {
        message: final ? `${message}; it stays in the failed set of ${this.queueName}` : message,
        final,
      };
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

  /** Runs every handler of `event` (inbox-guarded); exported for tests and tools. */
  async dispatch(event: DomainEvent): Promise<Record<string, HandlerOutcome>> {
    const handlers = this.handlers.get(event.type);
    if (!handlers?.length) {
      throw new UnrecoverableError(`${this.options.service} has no handler for "${event.type}"`);
    }
    const outcomes: Record<string, HandlerOutcome> = {};
    for (const handler of handlers) outcomes[handler.consumer] = await this.runHandler(handler, event);
    return outcomes;
  }

  private async process(job: Job<DomainEvent>): Promise<Record<string, HandlerOutcome>> {
    try {
      return await this.dispatch(job.data);
    } catch (error) {
      // job.attemptsMade counts the attempts before this one
      if (job.attemptsMade + 1 >= this.attempts && !(error instanceof UnrecoverableError)) {
        const final = new UnrecoverableError(errorMessage(error));
        if (error instanceof Error && error.stack) final.stack = error.stack;
        throw final;
      }
      throw error;
    }
  }

  private runHandler(handler: EventHandlerRegistration, event: DomainEvent): Promise<HandlerOutcome> {
    return this.options.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${this.inbox} ("event_id", "consumer", "type") VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING "event_id"`,
        [event.id, handler.consumer, event.type],
      );
      if (inserted.length === 0) return 'duplicate';
      await handler.handle(event, manager);
      return 'handled';
    });
  }
}
