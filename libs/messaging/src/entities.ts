import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event written in the same transaction as the state change it reports (transactional outbox).
 * The relay publishes unpublished rows to every subscriber's queue and then sets `published_at`.
 * The table lives in the owning service's schema (the DataSource's `schema` option).
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['createdAt', 'id'], { where: '"published_at" IS NULL' })
@Index('outbox_published_idx', ['publishedAt'], { where: '"published_at" IS NOT NULL' })
export class OutboxEventEntity {
  /** the event id (UUIDv7), also the BullMQ job id */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('int')
  version!: number;

  @Column('text')
  source!: string;

  @Column('text')
  subject!: string;

  @Column('jsonb')
  data!: unknown;

  @Column('text', { name: 'trace_id', nullable: true })
  traceId!: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  /** how often the relay tried to publish the row (successfully or not) */
  @Column('int', { default: 0 })
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}

/**
 * One row per event and consumer (handler) that has processed it, written in the handler's transaction:
 * a redelivered event finds its row and changes nothing.
 */
@Entity({ name: 'inbox' })
export class InboxEventEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @PrimaryColumn('text')
  consumer!: string;

  @Column('text')
  type!: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt!: Date;
}

/** Add these to the service's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxEventEntity, InboxEventEntity] as const;
