import type { DomainEvent, EventPayloads, EventType } from '@buergeramt/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createEvent } from '../create-event';
import { publishInTransaction } from '../outbox';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './options';

/** Writes events to the outbox inside the caller's transaction, with this service as their source. */
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

  /** Writes ready-made events (see `createEvent`) with `manager`. */
  publishEvents(manager: EntityManager, events: DomainEvent | readonly DomainEvent[]): Promise<void> {
    return publishInTransaction(manager, events);
  }
}
