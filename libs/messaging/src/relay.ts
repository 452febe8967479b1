import {
  type DomainEvent,
  eventQueueName,
  type EventType,
  type JobQueuePurpose,
  jobQueueName,
  type ServiceName,
  subscribersOf,
} from '@buergeramt/contracts';
import { Logger, type LoggerService } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { eventJobOptions, outboxJobOptions } from './jobs';
import { OutboxCommitListener, type OutboxKind } from './outbox';
import { closeQuietly, createProducerConnection } from './redis';
import { errorMessage, EVENT_COLUMNS, messagingTable, withTimeout } from './tables';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  redisUrl: string;
  /** BullMQ prefix (QUEUE_PREFIX) */
  queuePrefix: string;
  /** rows per transaction; default 100 */
  batchSize?: number;
  /** poll interval when idle; default 1000 ms */
  intervalMs?: number;
  /** longest pause between attempts while publishing fails; default 30 s */
  maxBackoffMs?: number;
  /** give up on one queue add after this long (Redis unreachable); default 5000 ms */
  addTimeoutMs?: number;
  /** delete published rows older than this; default 7 days; null keeps them */
  retentionMs?: number | null;
  /**
   * the service whose outbox this is: its jobs (`outbox_jobs`) go to its job queues. Without it the relay
   * publishes events only.
   */
  service?: ServiceName;
  /** who receives an event; default: the subscription table of contracts */
  subscribers?: (type: EventType) => readonly ServiceName[];
  logger?: LoggerService;
}

interface OutboxRow {
  id: string;
  type: EventType;
  version: number;
  source: ServiceName;
  subject: string;
  data: unknown;
  trace_id: string | null;
  occurred_at: Date;
}

interface OutboxJobRow {
  id: string;
  queue: string;
  name: string;
  job_id: string | null;
  data: unknown;
  /** what is left of the delay now (never negative) */
  remaining_ms: string;
}

/** A batch in which publishing a row failed; the rows before it were published. */
export class OutboxPublishError extends Error {
  constructor(
    /** the id of the row that failed (an event's id, or a job row's id) */
    readonly eventId: string,
    readonly published: number,
    cause: unknown,
    what: 'event' | 'job' = 'event',
  ) {
    super(`publishing outbox ${what} ${eventId} failed: ${errorMessage(cause)}`, { cause });
    this.name = 'OutboxPublishError';
  }
}

const PRUNE_EVERY_MS = 10 * 60_000;
const BOTH: ReadonlySet<OutboxKind> = new Set(['event', 'job']);

/** A job row the relay may publish: not held back by a caller that does the job itself (`holdMs`). */
const NOT_HELD = `("not_before" IS NULL OR "not_before" <= clock_timestamp())`;

/**
 * Publishes the outbox of one service: polls unpublished rows in batches (`FOR UPDATE SKIP LOCKED`, so
 * any number of relay instances never publish the same row concurrently), adds each event to the event
 * queue of every subscriber with the event id as job id, then marks the rows published in the same
 * transaction. With `service` set it does the same for the service's own jobs (`outbox_jobs`): each to its
 * job queue, with the row id (or the caller's job id) as job id. While Redis is unreachable nothing is
 * marked, the row's `attempts`/`last_error` record the failure, and the relay retries with exponential
 * backoff: events and jobs are delayed, never lost.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly addTimeoutMs: number;
  private readonly retentionMs: number | null;
  private readonly subscribers: (type: EventType) => readonly ServiceName[];
  private readonly logger: LoggerService;
  private readonly outbox: string;
  private readonly outboxJobs: string;
  private readonly listener = new OutboxCommitListener((kinds) => this.wake(kinds));
  private redis: Redis | null = null;
  private readonly queues = new Map<string, Queue>();
  private running = false;
  private loopDone: Promise<void> | null = null;
  /** the tables a wake (or a full batch) asked for since the last pass; not empty: publish again at once */
  private readonly requested = new Set<OutboxKind>();
  /** when the relay last polled (asked which tables have rows): every `intervalMs`, also while woken */
  private lastPoll = Number.NEGATIVE_INFINITY;
  private interruptSleep: (() => void) | null = null;
  private consecutiveFailures = 0;
  private lastPrune = 0;
  /** rows this instance has published since it was created */
  publishedCount = 0;
  /** batches this instance has run (successful or not) */
  batchCount = 0;
  /** reads of each table this instance has made (a batch reads one table when a wake asked for one only) */
  readonly passes: Record<OutboxKind, number> = { event: 0, job: 0 };

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.addTimeoutMs = options.addTimeoutMs ?? 5000;
    this.retentionMs = options.retentionMs === undefined ? 7 * 24 * 3600_000 : options.retentionMs;
    this.subscribers = options.subscribers ?? subscribersOf;
    this.logger = options.logger ?? new Logger(OutboxRelay.name);
    this.outbox = messagingTable(options.dataSource, 'outbox');
    this.outboxJobs = messagingTable(options.dataSource, 'outbox_jobs');
    if (this.batchSize < 1) throw new Error('OutboxRelay: batchSize must be at least 1');
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts polling in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.dataSource.subscribers.push(this.listener);
    this.loopDone = this.loop();
  }

  /**
   * Publish soon, e.g. because a transaction with outbox rows committed: the next batch reads only the
   * tables in `kinds` (both by default), unless a poll is due anyway.
   */
  wake(kinds: Iterable<OutboxKind> = BOTH): void {
    for (const kind of kinds) this.requested.add(kind);
    if (this.consecutiveFailures === 0) this.interruptSleep?.();
  }

  /** Stops polling after the current batch and closes the Redis connection. */
  async stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.interruptSleep?.();
      await this.loopDone;
      const subscribers = this.options.dataSource.subscribers;
      const index = subscribers.indexOf(this.listener);
      if (index >= 0) subscribers.splice(index, 1);
    }
    await this.closeQueues();
  }

  /**
   * Publishes one batch of events and then (when the relay knows its service) one of jobs, each in a
   * transaction of its own, and resolves with the number of rows published. Rejects with an
   * OutboxPublishError when an add failed (earlier rows of the batch stay published; the failed row
   * records the error and is retried by a later batch).
   */
  async publishBatch(): Promise<number> {
    const { event, job } = await this.publishFrom(BOTH);
    return event + job;
  }

  /**
   * The tables with unpublished rows, in one statement without a transaction (both partial indexes on
   * unpublished rows answer it): an idle poll costs one statement instead of a locking batch per table.
   */
  private async pendingKinds(): Promise<OutboxKind[]> {
    const jobs = this.options.service
      ? `EXISTS (SELECT 1 FROM ${this.outboxJobs} WHERE "published_at" IS NULL AND ${NOT_HELD})`
      : 'false';
    const [row] = await this.options.dataSource.query<{ event: boolean; job: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ${this.outbox} WHERE "published_at" IS NULL) AS "event", ${jobs} AS "job"`,
    );
    return [...BOTH].filter((kind) => row?.[kind] === true);
  }

  /** One batch of each table in `kinds` (jobs only when the relay knows its service): rows published per table. */
  private async publishFrom(kinds: ReadonlySet<OutboxKind>): Promise<Record<OutboxKind, number>> {
    this.batchCount += 1;
    const published = { event: 0, job: 0 };
    if (kinds.has('event')) {
      this.passes.event += 1;
      published.event = await this.publishEventBatch();
    }
    if (kinds.has('job') && this.options.service) {
      this.passes.job += 1;
      published.job = await this.publishJobBatch(this.options.service);
    }
    return published;
  }

  private publishEventBatch(): Promise<number> {
    return this.publishRows<OutboxRow>(this.outbox, 'event', 'true', EVENT_COLUMNS, (row) =>
      this.fanOut(toEnvelope(row)),
    );
  }

  /**
   * Adds unpublished jobs of `outbox_jobs` to their job queues (job id: the caller's, else the row id;
   * delay: what is left of the one asked for, counted from the row's creation) and marks them published,
   * like events.
   */
  private publishJobBatch(service: ServiceName): Promise<number> {
    return this.publishRows<OutboxJobRow>(
      this.outboxJobs,
      'job',
      NOT_HELD,
      `"id", "queue", "name", "job_id", "data",
       GREATEST(0, "delay_ms" - floor(extract(epoch FROM clock_timestamp() - "created_at") * 1000))::bigint
         AS "remaining_ms"`,
      async (row) => {
        const queueName = jobQueueName(service, row.queue as JobQueuePurpose<typeof service>);
        await withTimeout(
          this.queue(queueName).add(
            row.name,
            row.data,
            outboxJobOptions(row.job_id ?? row.id, Number(row.remaining_ms)),
          ),
          this.addTimeoutMs,
          `adding job ${row.name} ${row.id} to ${queueName}`,
        );
      },
    );
  }

  /**
   * One batch of `table` in three statements: BEGIN; one UPDATE that picks the oldest unpublished rows
   * that are `ready` (an SQL condition; `FOR UPDATE SKIP LOCKED`, so relay instances never publish the
   * same row concurrently), marks them published and returns them; COMMIT. The rows stay locked while each
   * is handed to `publish` in order of creation. The first failure ends the batch: in the same transaction
   * the failed row gets its error and goes back to unpublished with the rows after it (whose try did not
   * count), then the published ones commit and the error is thrown. Anything that ends the transaction
   * otherwise rolls the marks back, so the rows are published again by a later batch (the job ids make that
   * a no-op in the queues).
   */
  private async publishRows<Row extends { id: string }>(
    table: string,
    what: 'event' | 'job',
    ready: string,
    columns: string,
    publish: (row: Row) => Promise<void>,
  ): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    let published = 0;
    let failure: { id: string; error: unknown } | null = null;
    try {
      await runner.startTransaction();
      // RETURNING has no order: the SELECT around it gives the rows in order of creation
      const rows = (await runner.query(
        `WITH claimed AS (
           UPDATE ${table} AS o
              SET "published_at" = clock_timestamp(), "attempts" = o."attempts" + 1, "last_error" = NULL
             FROM (SELECT "id" AS "picked_id" FROM ${table}
                    WHERE "published_at" IS NULL AND ${ready}
                    ORDER BY "created_at", "id"
                    LIMIT $1
                      FOR UPDATE SKIP LOCKED) AS picked
            WHERE o."id" = picked."picked_id"
          RETURNING ${columns}, o."created_at"
         )
         SELECT * FROM claimed ORDER BY "created_at", "id"`,
        [this.batchSize],
      )) as Row[];
      for (const row of rows) {
        try {
          await publish(row);
          published += 1;
        } catch (error) {
          failure = { id: row.id, error };
          break;
        }
      }
      if (failure) {
        await runner.query(
          `UPDATE ${table}
              SET "published_at" = NULL,
                  "attempts" = CASE WHEN "id" = $1 THEN "attempts" ELSE "attempts" - 1 END,
                  "last_error" = CASE WHEN "id" = $1 THEN $2 ELSE "last_error" END
            WHERE "id" = ANY($3::uuid[])`,
          [failure.id, errorMessage(failure.error).slice(0, 2000), rows.slice(published).map((r) => r.id)],
        );
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    this.publishedCount += published;
    if (failure) throw new OutboxPublishError(failure.id, published, failure.error, what);
    return published;
  }

  /** Deletes published rows (events and jobs) older than the retention; resolves with the number deleted. */
  async prune(olderThanMs = this.retentionMs ?? 0): Promise<number> {
    let deleted = 0;
    const tables = this.options.service ? [this.outbox, this.outboxJobs] : [this.outbox];
    for (const table of tables) {
      const rows: unknown = await this.options.dataSource.query(
        `DELETE FROM ${table}
          WHERE "published_at" IS NOT NULL AND "published_at" < clock_timestamp() - make_interval(secs => $1)`,
        [olderThanMs / 1000],
      );
      deleted += Array.isArray(rows) && typeof rows[1] === 'number' ? rows[1] : 0;
    }
    return deleted;
  }

  private async fanOut(event: DomainEvent): Promise<void> {
    const targets = this.subscribers(event.type);
    await Promise.all(
      targets.map((service) =>
        withTimeout(
          this.queue(eventQueueName(service)).add(event.type, event, eventJobOptions(event)),
          this.addTimeoutMs,
          `adding ${event.type} ${event.id} to ${eventQueueName(service)}`,
        ),
      ),
    );
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.redis ??= createProducerConnection(this.options.redisUrl, 'outbox-relay');
      queue = new Queue(name, {
        connection: this.redis,
        prefix: this.options.queuePrefix,
      });
      queue.on('error', () => undefined); // add() rejects; the loop logs
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async closeQueues(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(
      queues.map((q) => withTimeout(closeQuietly(q), 4000, 'closing a queue').catch(() => undefined)),
    );
    this.redis?.disconnect();
    this.redis = null;
  }

  /**
   * Polls every `intervalMs` (and after a failure): one statement asks which tables have unpublished rows,
   * and only those are read in a batch. In between, a wake reads only the tables its transaction wrote (a
   * mail's job does not read the events table), and a full batch is followed at once by the next of the
   * same table.
   */
  private async loop(): Promise<void> {
    while (this.running) {
      const poll = this.consecutiveFailures > 0 || performance.now() - this.lastPoll >= this.intervalMs;
      if (poll) this.lastPoll = performance.now();
      const requested = new Set(this.requested);
      this.requested.clear();
      let pauseMs = this.intervalMs;
      try {
        const kinds = poll ? new Set([...requested, ...(await this.pendingKinds())]) : requested;
        const published = await this.publishFrom(kinds);
        if (this.consecutiveFailures > 0) {
          this.logger.log(`publishing works again after ${this.consecutiveFailures} failed attempt(s)`);
        }
        this.consecutiveFailures = 0;
        for (const kind of BOTH) if (published[kind] >= this.batchSize) this.requested.add(kind);
        // the next poll is due `intervalMs` after the last one, however many woken batches ran since
        pauseMs =
          this.requested.size > 0 ? 0 : Math.max(0, this.lastPoll + this.intervalMs - performance.now());
      } catch (error) {
        this.consecutiveFailures += 1;
        pauseMs = Math.min(
          this.maxBackoffMs,
          this.intervalMs * 2 ** Math.min(this.consecutiveFailures - 1, 20),
        );
        // the first failure and then every tenth, so that an outage does not flood the log
        if (this.consecutiveFailures === 1 || this.consecutiveFailures % 10 === 0) {
          this.logger.warn(
            `outbox relay: ${errorMessage(error)} (attempt ${this.consecutiveFailures}, next in ${pauseMs} ms)`,
          );
        }
      }
      await this.maybePrune();
      if (pauseMs > 0 && this.running) await this.pause(pauseMs);
    }
  }

  private async maybePrune(): Promise<void> {
    if (this.retentionMs === null || Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    try {
      await this.prune(this.retentionMs);
    } catch (error) {
      this.logger.warn(`outbox relay: pruning failed: ${errorMessage(error)}`);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.requested.size > 0 && this.consecutiveFailures === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.interruptSleep = () => {
        this.interruptSleep = null;
        done();
      };
    });
  }
}

function toEnvelope(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: new Date(row.occurred_at).toISOString(),
    source: row.source,
    subject: row.subject,
    data: row.data,
    traceId: row.trace_id,
  } as DomainEvent;
}
