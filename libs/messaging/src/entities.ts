import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What the relay keeps on every row it publishes (events and jobs): when written, when published, tries. */
abstract class RelayedRow {
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
 * An event written in the same transaction as the state change it reports (transactional outbox).
 * The relay publishes unpublished rows to every subscriber's queue and then sets `published_at`.
 * The table lives in the owning service's schema (the DataSource's `schema` option).
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['createdAt', 'id'], { where: '"published_at" IS NULL' })
@Index('outbox_published_idx', ['publishedAt'], { where: '"published_at" IS NOT NULL' })
export class OutboxEventEntity extends RelayedRow {
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

/**
 * A job of the service's own (a mail to send, a webhook to deliver) written in the same transaction as the
 * change that causes it (`enqueueInTransaction`, `OutboxPublisher.enqueue`). The relay adds it to its job
 * queue after the commit, with `job_id` (default: the row id) as the BullMQ job id, and sets `published_at`.
 */
@Entity({ name: 'outbox_jobs' })
@Index('outbox_jobs_unpublished_idx', ['createdAt', 'id'], { where: '"published_at" IS NULL' })
@Index('outbox_jobs_published_idx', ['publishedAt'], { where: '"published_at" IS NOT NULL' })
export class OutboxJobEntity extends RelayedRow {
  /** UUIDv7 */
  @PrimaryColumn('uuid')
  id!: string;

  /** the queue's purpose in `JOB_QUEUES` (contracts): the queue is `jobQueueName(service, queue)` */
  @Column('text')
  queue!: string;

  /** the BullMQ job name (which `@OnJob` handler runs it) */
  @Column('text')
  name!: string;

  /** the BullMQ job id when the caller chose one; null: the row id */
  @Column('text', { name: 'job_id', nullable: true })
  jobId!: string | null;

  @Column('jsonb')
  data!: unknown;

  /** run no earlier than this long after `created_at` */
  @Column('bigint', { name: 'delay_ms', default: 0 })
  delayMs!: string;

  /** the relay leaves the row alone until then (`EnqueueOptions.holdMs`); null: no hold */
  @Column('timestamptz', { name: 'not_before', nullable: true })
  notBefore!: Date | null;
}

/** Add these to the service's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxEventEntity, InboxEventEntity, OutboxJobEntity] as const;
