import { type DomainEvent, EVENT_VERSIONS } from '@buergeramt/contracts';
import type {
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { messagingTable } from './tables';

/** Query runners whose open transaction wrote outbox rows: their commit wakes the relay early. */
const transactionsWithEvents = new WeakSet<QueryRunner>();

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
    params.push(
      event.id,
      event.type,
      event.version,
      event.source,
      event.subject,
      JSON.stringify(event.data),
      event.traceId,
      event.occurredAt,
    );
  }
  await manager.query(
    `INSERT INTO ${messagingTable(manager, 'outbox')}
       ("id", "type", "version", "source", "subject", "data", "trace_id", "occurred_at")
     VALUES ${values.join(', ')}`,
    params,
  );
  transactionsWithEvents.add(queryRunner);
}

/**
 * A TypeORM subscriber that calls `onCommit` after a transaction that wrote outbox rows has committed,
 * so that the relay publishes at once instead of at its next poll. Only an optimisation: correctness
 * comes from polling.
 */
export class OutboxCommitListener implements EntitySubscriberInterface {
  constructor(private readonly onCommit: () => void) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive || !transactionsWithEvents.has(runner)) return; // savepoint released
    transactionsWithEvents.delete(runner);
    this.onCommit();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) transactionsWithEvents.delete(event.queryRunner);
  }
}
