import { affectedRows, Clock } from '@buergeramt/platform';
import type { Locale } from '@buergeramt/contracts';
import { heldJobStatements, type OutboxJobRow } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { tableOf } from '../common/sql';
import type { MailKind } from '../templates/mail-kinds';
import {
  type DeliveryAttempt,
  type DeliveryContent,
  DeliveryEntity,
  type DeliveryStatus,
} from './delivery.entity';

export interface NewDelivery {
  dedupeKey: string;
  kind: MailKind;
  status: Exclude<DeliveryStatus, 'sent'>;
  userId: string | null;
  recipientEmail: string | null;
  recipientName: string | null;
  locale: Locale | null;
  subject: string | null;
  params: Record<string, unknown> | null;
  content: DeliveryContent | null;
  eventId: string | null;
  eventType: string | null;
  lastError: string | null;
  pendingUntil: Date | null;
}

/** How a pending or failed mail turned out once its recipient was looked at again. */
export interface DeliveryResolution {
  status: 'queued' | 'failed' | 'skipped' | 'pending';
  recipientEmail: string | null;
  recipientName: string | null;
  locale: Locale | null;
  subject: string | null;
  content: DeliveryContent | null;
  lastError: string | null;
  pendingUntil: Date | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  kind?: MailKind;
  userId?: string;
  before: string | null;
  limit: number;
}

@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private table(manager: EntityManager = this.dataSource.manager): string {
    return tableOf(manager, DeliveryEntity);
  }

  /**
   * Adds a mail to the log unless its dedupe key is there; resolves with its id, or null for a duplicate.
   * `job` gives the row of the mail's job for the new id (placeholders from `firstParam`): it is written by
   * the same statement, and only when the mail was added. `alongside` is a further data-modifying statement
   * run by the same statement whatever becomes of the mail (the person's inbox entry).
   */
  async insert(
    manager: EntityManager,
    d: NewDelivery,
    job?: (deliveryId: string, firstParam: number) => OutboxJobRow,
    alongside?: (firstParam: number) => { sql: string; params: unknown[] },
  ): Promise<string | null> {
    const id = uuidv7();
    const params: unknown[] = [
      id,
      d.dedupeKey,
      d.kind,
      d.status,
      d.userId,
      d.recipientEmail,
      d.recipientName,
      d.locale,
      d.subject,
      d.params === null ? null : JSON.stringify(d.params),
      d.content === null ? null : JSON.stringify(d.content),
      d.eventId,
      d.eventType,
      d.lastError,
      d.pendingUntil,
    ];
    const row = job?.(id, params.length + 1);
    if (row) params.push(...row.params);
    const also = alongside?.(params.length + 1);
    if (also) params.push(...also.params);
    const rows: { id: string }[] = await manager.query(
      `WITH "delivery" AS (
         INSERT INTO ${this.table(manager)}
           ("id", "dedupe_key", "kind", "status", "user_id", "recipient_email", "recipient_name", "locale",
            "subject", "params", "content", "event_id", "event_type", "last_error", "pending_until", "failed_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14, $15,
                 CASE WHEN $4 = 'failed' THEN now() END)
         ON CONFLICT ("dedupe_key") DO NOTHING RETURNING "id"
       )${row ? `, "job" AS (${row.insertInto} SELECT ${row.values} FROM "delivery")` : ''}${
         also ? `, "alongside" AS (${also.sql})` : ''
       }
       SELECT "id" FROM "delivery"`,
      params,
    );
    return rows[0]?.id ?? null;
  }

  /** The person's mails waiting for their profile, locked for the caller's transaction. */
  pendingForUser(manager: EntityManager, userId: string): Promise<DeliveryEntity[]> {
    return manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .setLock('pessimistic_write')
      .where(`d.userId = :userId AND d.status = 'pending'`, { userId })
      .orderBy('d.id')
      .getMany();
  }

  /** Writes the outcome of resolving a pending (or retried) mail. */
  async resolve(manager: EntityManager, id: string, r: DeliveryResolution): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager)} SET
         "status" = $2, "recipient_email" = $3, "recipient_name" = $4, "locale" = $5, "subject" = $6,
         "content" = $7::jsonb, "last_error" = $8, "pending_until" = $9,
         "failed_at" = CASE WHEN $2 = 'failed' THEN now() END, "updated_at" = now()
       WHERE "id" = $1`,
      [
        id,
        r.status,
        r.recipientEmail,
        r.recipientName,
        r.locale,
        r.subject,
        r.content === null ? null : JSON.stringify(r.content),
        r.lastError,
        r.pendingUntil,
      ],
    );
  }

  /** Mails whose recipient never became known in time are failed, with a reason; resolves with how many. */
  async expirePending(): Promise<number> {
    const result: unknown = await this.dataSource.query(
      `UPDATE ${this.table()} SET "status" = 'failed', "failed_at" = now(), "updated_at" = now(),
         "last_error" = 'recipient-unknown: no profile (identity.profile-changed) arrived for this person in time'
       WHERE "status" = 'pending' AND "pending_until" < now()`,
    );
    return affectedRows(result);
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<DeliveryEntity | null> {
    return manager.findOneBy(DeliveryEntity, { id });
  }

  /**
   * The server accepted the mail: record its answer and drop the content (its links may carry tokens), with
   * `manager` (the mail job's transaction, so that the mark commits with the job's inbox record). With
   * `heldJob` (the mail went out right after its event's commit, `DirectMail`), the same statement deletes
   * the mail's held job, so the queue never runs it.
   */
  async markSent(
    id: string,
    result: { messageId: string; response: string },
    manager: EntityManager = this.dataSource.manager,
    heldJob?: string,
  ): Promise<void> {
    const attempt: DeliveryAttempt = { at: this.clock.now().toISOString(), outcome: 'sent' };
    const params = [id, result.messageId, result.response.slice(0, 1000), JSON.stringify([attempt])];
    const job = withHeldJob(manager, params, heldJob, 'delete');
    await manager.query(
      `${job} UPDATE ${this.table(manager)}
          SET "status" = 'sent', "attempts" = "attempts" + 1, "sent_at" = now(), "message_id" = $2,
              "server_response" = $3, "last_error" = NULL, "content" = NULL, "params" = NULL,
              "history" = "history" || $4::jsonb, "updated_at" = now()
        WHERE "id" = $1`,
      params,
    );
  }

  /**
   * A failed try: counted and logged; `final` makes the mail failed for good. With `heldJob` (a try right
   * after the event's commit, `DirectMail`), the same statement deletes the mail's held job when the failure
   * is final, and else gives it to the queue, which retries.
   */
  async recordFailure(
    id: string,
    failure: { final: boolean; error: string; code: number | null },
    heldJob?: string,
  ): Promise<void> {
    const attempt: DeliveryAttempt = {
      at: this.clock.now().toISOString(),
      outcome: failure.final ? 'failed' : 'retry',
      code: failure.code,
      error: failure.error.slice(0, 500),
    };
    const params = [id, failure.error.slice(0, 2000), failure.final, JSON.stringify([attempt])];
    const job = withHeldJob(this.dataSource.manager, params, heldJob, failure.final ? 'delete' : 'release');
    await this.dataSource.query(
      `${job} UPDATE ${this.table()} SET "attempts" = "attempts" + 1, "last_error" = $2,
         "status" = CASE WHEN $3 THEN 'failed' ELSE "status" END,
         "failed_at" = CASE WHEN $3 THEN now() ELSE "failed_at" END,
         "history" = "history" || $4::jsonb, "updated_at" = now()
       WHERE "id" = $1 AND "status" = 'queued'`,
      params,
    );
  }

  /** A mail's held job goes to the queue now (the try right after the commit did not happen). */
  async releaseHeldJob(jobRowId: string): Promise<void> {
    await this.dataSource.query(heldJobStatements(this.dataSource.manager, '$1').release, [jobRowId]);
  }

  /** The admin list, newest first (`limit + 1` rows). */
  list(filter: DeliveryFilter): Promise<DeliveryEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .orderBy('d.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('d.kind = :kind', { kind: filter.kind });
    if (filter.userId) query.andWhere('d.userId = :userId', { userId: filter.userId });
    if (filter.before) query.andWhere('d.id < :before', { before: filter.before });
    return query.getMany();
  }

  /** The delivery, locked for the caller's transaction. */
  lock(manager: EntityManager, id: string): Promise<DeliveryEntity | null> {
    return manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  async deleteForUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.delete(DeliveryEntity, { userId });
  }

  /** Deletes finished entries older than the retention; resolves with how many. */
  async prune(retentionDays: number): Promise<number> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM ${this.table()}
        WHERE "status" IN ('sent', 'failed', 'skipped') AND "updated_at" < now() - make_interval(days => $1)`,
      [retentionDays],
    );
    return affectedRows(result);
  }
}

/**
 * The `WITH "job" AS (…)` that deletes or releases a mail's held job (`heldJobStatements`) in the statement
 * that records the try, its id appended to `params`; empty without a held job.
 */
function withHeldJob(
  manager: EntityManager,
  params: unknown[],
  heldJob: string | undefined,
  statement: 'delete' | 'release',
): string {
  if (!heldJob) return '';
  params.push(heldJob);
  return `WITH "job" AS (${heldJobStatements(manager, `$${params.length}`)[statement]})`;
}
