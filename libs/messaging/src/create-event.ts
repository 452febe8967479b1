import {
  type DomainEvent,
  EVENT_VERSIONS,
  type EventPayloads,
  type EventType,
  type ServiceName,
} from '@buergeramt/contracts';
import { v7 as uuidv7 } from 'uuid';

export interface CreateEventOptions {
  /** the publishing service */
  source: ServiceName;
  /** request or trace id of the request that caused the event */
  traceId?: string | null;
  /** default: now */
  occurredAt?: Date;
}

/** Builds an event envelope: a fresh UUIDv7 id and the current payload version of `type`. */
export function createEvent<T extends EventType>(
  type: T,
  subject: string,
  data: EventPayloads[T],
  options: CreateEventOptions,
): DomainEvent<T> {
  const version = (EVENT_VERSIONS as Partial<Record<string, number>>)[type];
  if (version === undefined) throw new Error(`unknown event type "${type}"`);
  return {
    id: uuidv7(),
    type,
    version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    source: options.source,
    subject,
    data,
    traceId: options.traceId ?? null,
  };
}
