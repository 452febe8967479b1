import type { DomainEvent, EventPayloads, EventType, JobQueuePurpose } from '@buergeramt/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createEvent } from '../create-event';
import {
  type EnqueuedJob,
  enqueueInTransaction,
  type EnqueueOptions,
  type OutboxJobRow,
  outboxJobRowInTransaction,
  publishInTransaction,
} from '../outbox';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './options';

/**
 * Writes events (with this service as their source) and this service's own jobs to the outbox inside the
 * caller's transaction.
 */
@Injectable()
export class OutboxPublisher {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions) {}

  /**
   * Builds the event and writes it with `manager`, the EntityManager of the transaction that makes the
   * state change: `dataSource.transaction(async (manager) => { ...; await outbox.publish(manager, ...) })`.
   */
  async publish<T extends EventType>(
    manager: EntityManager,
    type: T,
    subject: string,
    data: EventPayloads[T],
    options: { traceId?: string | null } = {},
  ): Promise<DomainEvent<T>> {
    const event = this.event(type, subject, data, options);
    await publishInTransaction(manager, event);
    return event;
  }

  /** The event with this service as its source, not yet written (for a write made by the database itself). */
  event<T extends EventType>(
    type: T,
    subject: string,
    data: EventPayloads[T],
    options: { traceId?: string | null } = {},
  ): DomainEvent<T> {
    return createEvent(type, subject, data, { source: this.options.service, traceId: options.traceId });
  }

  /**
   * Writes one of this service's jobs with `manager`, the EntityManager of the transaction that makes the
   * change causing it; the relay adds it to the job queue `queue` (a purpose of this service in
   * `JOB_QUEUES`) after the commit, and an `@OnJob(queue, name)` handler runs it:
   * `await outbox.enqueue(manager, 'mail', { deliveryId }, { name: 'password-reset' })`.
   */
  enqueue(
    manager: EntityManager,
    queue: JobQueuePurpose,
    data: unknown,
    options: EnqueueOptions = {},
  ): Promise<EnqueuedJob> {
    return enqueueInTransaction(manager, this.options.service, queue as never, data, options);
  }

  /**
   * One of this service's jobs as a row for a statement of the caller's own in the transaction of `manager`
   * (placeholders from `firstParam`): the job is written by the same statement as the change causing it, and
   * the commit wakes the relay. See `outboxJobRowInTransaction`.
   */
  jobRow(
    manager: EntityManager,
    queue: JobQueuePurpose,
    data: unknown,
    options: EnqueueOptions = {},
    firstParam = 1,
  ): OutboxJobRow {
    return outboxJobRowInTransaction(
      manager,
      this.options.service,
      queue as never,
      data,
      options,
      firstParam,
    );
  }

  /** Writes ready-made events (see `createEvent`) with `manager`. */
  publishEvents(manager: EntityManager, events: DomainEvent | readonly DomainEvent[]): Promise<void> {
    return publishInTransaction(manager, events);
  }
}
