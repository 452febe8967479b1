import {
  type DomainEvent,
  EVENT_VERSIONS,
  type JobQueuePurpose,
  jobQueueName,
  type ServiceName,
} from '@buergeramt/contracts';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { assertValidJobId } from './jobs';
import { EVENT_COLUMNS, messagingTable } from './tables';

/** The two outbox tables: `outbox` (events) and `outbox_jobs` (the service's own jobs). */
export type OutboxKind = 'event' | 'job';

/**
 * Query runners whose open transaction wrote outbox rows, with which kinds: their commit wakes the relay
 * early, for those tables only.
 */
const transactionsWithRows = new WeakMap<QueryRunner, Set<OutboxKind>>();

function noteRows(queryRunner: QueryRunner, kind: OutboxKind): void {
  const kinds = transactionsWithRows.get(queryRunner);
  if (kinds) kinds.add(kind);
  else transactionsWithRows.set(queryRunner, new Set([kind]));
}

/**
 * Writes `events` to the outbox with `manager`, which must be the EntityManager of the open transaction
 * that also makes the state change: both commit or roll back together. The relay publishes the rows
 * after the commit.
 */
export async function publishInTransaction(
  manager: EntityManager,
  events: DomainEvent | readonly DomainEvent[],
): Promise<void> {
  const list: readonly DomainEvent[] = Array.isArray(events) ? events : [events as DomainEvent];
  if (list.length === 0) return;
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error(
      'publishInTransaction needs the EntityManager of an open transaction ' +
        '(dataSource.transaction(async (manager) => ...)), so that the event commits or rolls back ' +
        'together with the state change',
    );
  }
  const values: string[] = [];
  const params: unknown[] = [];
  for (const event of list) {
    if (!(event.type in EVENT_VERSIONS)) throw new Error(`unknown event type "${event.type}"`);
    const p = params.length;
    values.push(
      `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}::jsonb, $${p + 7}, $${p + 8})`,
    );
    params.push(...eventParams(event));
  }
  await manager.query(
    `INSERT INTO ${messagingTable(manager, 'outbox')} (${EVENT_COLUMNS}) VALUES ${values.join(', ')}`,
    params,
  );
  noteRows(queryRunner, 'event');
}

export interface EnqueueOptions {
  /** the job's name, which `@OnJob(queue, name)` handler runs it; default: the queue's purpose */
  name?: string;
  /** run it no earlier than this many milliseconds after this call (counted from the write, not the publish) */
  delay?: number;
  /**
   * The BullMQ job id; default: the id of the outbox row (unique per call). A job id of your own is an
   * idempotency key: while a job with this id is in Redis another is not added, and once a handler has
   * committed it, a job with the same id is not run again (its inbox record).
   */
  jobId?: string;
  /**
   * Hold the row back from the relay for this many milliseconds (from the write): the caller means to do
   * the job itself right after the commit and then deletes the row, or gives it back at once (both with
   * `heldJobStatements`). If the caller never gets to it (the process died, the database was away),
   * the relay publishes the job when the hold ends, so the job is delayed, never lost. Choose a hold longer
   * than the caller's own attempt can take. A held row does not wake the relay at the commit.
   */
  holdMs?: number;
}

/**
 * One `outbox` row (an event) for a statement of the caller's own, in the open transaction of `manager`,
 * e.g. a data-modifying CTE beside the change it announces: `WITH "change" AS (UPDATE …)
 * ${row.insertInto} VALUES (${row.values})`, placeholders from `firstParam`. The caller must write it in
 * that transaction; its commit wakes the relay, as `publishInTransaction`'s does.
 */
export function outboxEventRowInTransaction(
  manager: EntityManager,
  event: DomainEvent,
  firstParam = 1,
): { insertInto: string; values: string; params: unknown[] } {
  if (!(event.type in EVENT_VERSIONS)) throw new Error(`unknown event type "${event.type}"`);
  if (!Number.isInteger(firstParam) || firstParam < 1) throw new Error(`invalid firstParam ${firstParam}`);
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error('outboxEventRowInTransaction needs the EntityManager of an open transaction');
  }
  noteRows(queryRunner, 'event');
  const $ = (i: number) => `$${firstParam + i}`;
  return {
    insertInto: `INSERT INTO ${messagingTable(manager, 'outbox')} (${EVENT_COLUMNS})`,
    values: `${$(0)}::uuid, ${$(1)}::text, ${$(2)}::int, ${$(3)}::text, ${$(4)}::text, ${$(5)}::jsonb, ${$(6)}::text, ${$(7)}::timestamptz`,
    params: eventParams(event),
  };
}

function eventParams(event: DomainEvent): unknown[] {
  return [
    event.id,
    event.type,
    event.version,
    event.source,
    event.subject,
    JSON.stringify(event.data),
    event.traceId,
    event.occurredAt,
  ];
}

/** What `enqueueInTransaction` wrote. */
export interface EnqueuedJob {
  /** the outbox row's id */
  id: string;
  /** the BullMQ job id the relay will use */
  jobId: string;
  queue: string;
  name: string;
}

/**
 * One `outbox_jobs` row, ready for a statement of the caller's own: `${insertInto} VALUES (${values})`, or
 * `${insertInto} SELECT ${values} FROM … WHERE …` in a data-modifying CTE, so that a job is written by the
 * same statement as the change that causes it (and only when that change happened). The caller passes
 * `params` at the placeholders `values` uses (from `firstParam`). The relay publishes the row after the
 * commit; a statement outside `enqueueInTransaction` does not wake it, so the row leaves at the relay's next
 * poll (`relay.intervalMs`, 1 s by default), its `delay` still counted from the write.
 */
export interface OutboxJobRow {
  /** what the relay will add */
  job: EnqueuedJob;
  /** `INSERT INTO <schema>."outbox_jobs" (<columns>)` */
  insertInto: string;
  /** the row's values as SQL expressions, in the order of the columns: `$n, $n+1, …` */
  values: string;
  /** the values of the placeholders in `values`, in order */
  params: unknown[];
}

/** What `outboxJobRow` needs besides the schema: the job, and the first placeholder number of its values. */
export type OutboxJobRowArgs<S extends ServiceName> = [
  service: S,
  queue: JobQueuePurpose<S>,
  data: unknown,
  options?: EnqueueOptions,
  firstParam?: number,
];

/**
 * The row `enqueueInTransaction` would write for this job, checked the same way (a registered `queue`, a
 * valid delay and job id, data), for a statement of the caller's own: see {@link OutboxJobRow}.
 * `source` gives the schema (the DataSource, an EntityManager or a QueryRunner of the service).
 */
export function outboxJobRow<S extends ServiceName>(
  source: Parameters<typeof messagingTable>[0],
  ...[service, queue, data, options = {}, firstParam = 1]: OutboxJobRowArgs<S>
): OutboxJobRow {
  const queueName = jobQueueName(service, queue); // refuses a queue that is not registered
  const delay = options.delay ?? 0;
  if (!Number.isFinite(delay) || delay < 0)
    throw new Error(`invalid delay ${delay}: milliseconds, at least 0`);
  if (options.jobId !== undefined) assertValidJobId(options.jobId);
  const hold = options.holdMs;
  if (hold !== undefined && (!Number.isFinite(hold) || hold <= 0))
    throw new Error(`invalid holdMs ${hold}: milliseconds, more than 0`);
  const name = options.name ?? queue;
  if (!name) throw new Error('a job needs a name');
  if (data === undefined) throw new Error('a job needs data (JSON; null if it has none)');
  if (!Number.isInteger(firstParam) || firstParam < 1) throw new Error(`invalid firstParam ${firstParam}`);
  const id = uuidv7();
  const $ = (i: number) => `$${firstParam + i}`;
  return {
    job: { id, jobId: options.jobId ?? id, queue: queueName, name },
    insertInto: `INSERT INTO ${messagingTable(source, 'outbox_jobs')} ("id", "queue", "name", "job_id", "data", "delay_ms", "not_before")`,
    // not_before: NULL (no hold) when the hold is NULL
    values: `${$(0)}::uuid, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${$(4)}::jsonb, ${$(5)}::bigint, clock_timestamp() + ${$(6)}::bigint * interval '1 millisecond'`,
    params: [
      id,
      queue,
      name,
      options.jobId ?? null,
      JSON.stringify(data),
      Math.round(delay),
      hold === undefined ? null : Math.ceil(hold),
    ],
  };
}

/**
 * Writes one of `service`'s own jobs to `outbox_jobs` with `manager`, which must be the EntityManager of the
 * open transaction that makes the change causing the job: both commit or roll back together, and the relay
 * adds the job to the queue `jobQueueName(service, queue)` after the commit. `queue` must be a purpose of
 * `service` in `JOB_QUEUES` (contracts).
 */
export async function enqueueInTransaction<S extends ServiceName>(
  manager: EntityManager,
  service: S,
  queue: JobQueuePurpose<S>,
  data: unknown,
  options: EnqueueOptions = {},
): Promise<EnqueuedJob> {
  jobQueueName(service, queue); // refuses a queue that is not registered, before the transaction check
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error(
      'enqueueInTransaction needs the EntityManager of an open transaction ' +
        '(dataSource.transaction(async (manager) => ...)), so that the job commits or rolls back ' +
        'together with the change that causes it',
    );
  }
  const row = outboxJobRow(manager, service, queue, data, options);
  await manager.query(`${row.insertInto} VALUES (${row.values})`, row.params);
  if (options.holdMs === undefined) noteRows(queryRunner, 'job');
  return row.job;
}

/**
 * The row of one of `service`'s jobs (see {@link outboxJobRow}) for a statement of the caller's own in the
 * open transaction of `manager`, which the caller must write in it: its commit wakes the relay, as
 * `enqueueInTransaction`'s does. A job written by the same statement as the change that causes it saves a
 * round trip (`WITH changed AS (…) ${row.insertInto} SELECT ${row.values} FROM changed`).
 */
export function outboxJobRowInTransaction<S extends ServiceName>(
  manager: EntityManager,
  ...job: OutboxJobRowArgs<S>
): OutboxJobRow {
  const row = outboxJobRow(manager, ...job);
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error(
      'outboxJobRowInTransaction needs the EntityManager of an open transaction, in which the row is written',
    );
  }
  if (job[3]?.holdMs === undefined) noteRows(queryRunner, 'job');
  return row;
}

/**
 * Statements on a held job row (`EnqueueOptions.holdMs`) for the caller that does the job itself, as SQL
 * for a statement of its own (e.g. a data-modifying CTE beside the change that records the job as done);
 * `idParam` is the placeholder of the row's id. Both touch the row only while it is unpublished: once the
 * relay has published it (the hold ended), the job runs from the queue and must find the work done or not.
 */
export function heldJobStatements(
  source: Parameters<typeof messagingTable>[0],
  idParam: string,
): { delete: string; release: string } {
  const table = messagingTable(source, 'outbox_jobs');
  const row = `"id" = ${idParam}::uuid AND "published_at" IS NULL`;
  return {
    /** the job is done: the relay never publishes it */
    delete: `DELETE FROM ${table} WHERE ${row}`,
    /** the caller gives up: the relay publishes the job at its next poll */
    release: `UPDATE ${table} SET "not_before" = NULL WHERE ${row}`,
  };
}

const commitActions = new WeakMap<QueryRunner, (() => void)[]>();
const dataSourcesListening = new WeakSet<DataSource>();

/**
 * Calls `action` once the open transaction of `manager` has committed; never when it rolls back (the
 * rollback of a savepoint drops every action the transaction registered so far). The process may die
 * between the commit and the action, so an action is an optimisation that something durable covers
 * (e.g. a held job: `EnqueueOptions.holdMs`). It is called synchronously from the commit: it starts its
 * work and returns; what it throws is logged by no one, so it handles its own errors.
 */
export function afterCommit(manager: EntityManager, action: () => void): void {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error('afterCommit needs the EntityManager of an open transaction');
  }
  const dataSource = manager.connection;
  if (!dataSourcesListening.has(dataSource)) {
    dataSourcesListening.add(dataSource);
    dataSource.subscribers.push(new CommitActions());
  }
  const actions = commitActions.get(queryRunner);
  if (actions) actions.push(action);
  else commitActions.set(queryRunner, [action]);
}

/** Runs what `afterCommit` registered. */
class CommitActions implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint released
    const actions = commitActions.get(runner);
    if (!actions) return;
    commitActions.delete(runner);
    for (const action of actions) {
      try {
        action();
      } catch {
        // the action's own business (see afterCommit)
      }
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    commitActions.delete(event.queryRunner);
  }
}

/**
 * A TypeORM subscriber that calls `onCommit` with the kinds of rows written after a transaction that wrote
 * outbox rows (events, jobs or both) has committed, so that the relay publishes them at once instead of at
 * its next poll. Only an optimisation: correctness comes from polling.
 */
export class OutboxCommitListener implements EntitySubscriberInterface {
  constructor(private readonly onCommit: (kinds: ReadonlySet<OutboxKind>) => void) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint released
    const kinds = transactionsWithRows.get(runner);
    if (!kinds) return;
    transactionsWithRows.delete(runner);
    this.onCommit(kinds);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) transactionsWithRows.delete(event.queryRunner);
  }
}
