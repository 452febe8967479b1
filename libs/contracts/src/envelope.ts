import type { ServiceName } from './services';

/**
 * Every event travels in this envelope. `id` is a UUIDv7 and doubles as the BullMQ job id,
 * so a relay that publishes the same outbox row twice creates one job, and consumers dedupe on it.
 */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  id: string;
  type: TType;
  /** schema version of `data`; a breaking change of a payload bumps it */
  version: number;
  /** ISO 8601 timestamp in UTC */
  occurredAt: string;
  source: ServiceName;
  /** id of the aggregate the event is about (an account, an appointment, an application, ...) */
  subject: string;
  data: TData;
  /** the request id or trace id of the request that caused the event */
  traceId: string | null;
}
