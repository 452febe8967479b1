import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AppointmentListWhen } from './dto/appointments.dto';
import type { DomainEvent, JobQueuePurpose } from '@buergeramt/contracts';
import { type EnqueueOptions, outboxEventRowInTransaction, outboxJobRow } from '@buergeramt/messaging';
import { type AuditEntryEntity, type AuditRecord, auditRow } from '@buergeramt/platform';
import { AppointmentEntity, IdempotencyKeyEntity, UPCOMING_STATUSES } from './appointment.entity';

/** Postgres: a row conflicts with another under an exclusion constraint. */
const EXCLUSION_VIOLATION = '23P01';

/** The SQLSTATEs of the booking function's refusals (migration 1765800000000). */
const BOOKING_REFUSALS: Record<string, BookingRefusal> = {
  BK001: 'booking-limit',
  BK002: 'slot-unavailable',
};
export type BookingRefusal = 'booking-limit' | 'slot-unavailable';

/** What `book` is given; see the migration `BookAppointmentFunction1765800000000`. */
export interface BookingRequest {
  appointment: Omit<AppointmentEntity, 'counterId'>;
  /** the counters to try, in this order */
  counterIds: readonly string[];
  maxHeld: number;
  /** the location's `context_version` the schedule was read with; nothing is booked when it moved since */
  contextVersion: string;
  now: Date;
  event: DomainEvent;
  audit: Omit<AuditEntryEntity, 'at'>;
  idempotency: {
    caller: string;
    key: string;
    requestHash: string;
    response: unknown;
  } | null;
  /** a job of the service's own written by the same statement, only when the outcome is `booked` */
  job: BookingJob | null;
}

/** A job to write with the booking (`outbox_jobs`, published by the messaging relay). */
export interface BookingJob {
  queue: JobQueuePurpose<'appointments'>;
  data: unknown;
  options: EnqueueOptions;
}

type StoredAnswer = Pick<IdempotencyKeyEntity, 'requestHash' | 'statusCode' | 'response'>;

export type BookingOutcome =
  | { outcome: 'booked'; counterId: string }
  /** the location changed since the schedule was read: nothing happened, read it again */
  | { outcome: 'stale' }
  | { outcome: 'replay'; statusCode: number; response: unknown; requestHash: string }
  | { outcome: 'refused'; reason: BookingRefusal };

/** How long an Idempotency-Key is honoured (API.md: within 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

function isExclusionViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e.code === EXCLUSION_VIOLATION || e.driverError?.code === EXCLUSION_VIOLATION;
}

@Injectable()
export class AppointmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AppointmentEntity | null> {
    return manager.findOneBy(AppointmentEntity, { id });
  }

  /** The appointment with this reference at this location (references are unique; the location narrows). */
  findByReference(locationId: string, reference: string): Promise<AppointmentEntity | null> {
    return this.dataSource.manager.findOneBy(AppointmentEntity, { reference, locationId });
  }

  /** The row, locked for the rest of the transaction. */
  lock(manager: EntityManager, id: string): Promise<AppointmentEntity | null> {
    return manager
      .createQueryBuilder(AppointmentEntity, 'a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  /**
   * Cancels the appointment (locked by the caller's transaction) and writes its event and audit entry, in
   * one statement.
   */
  async cancel(
    manager: EntityManager,
    id: string,
    change: { at: Date; by: 'owner' | 'staff' },
    event: DomainEvent,
    audit: AuditRecord,
  ): Promise<void> {
    const outbox = outboxEventRowInTransaction(manager, event, 4);
    const entry = auditRow(audit, 4 + outbox.params.length);
    await manager.query(
      `WITH "cancelled" AS (
         UPDATE appointments SET "status" = 'cancelled', "cancelled_at" = $2, "cancelled_by" = $3,
                "expires_at" = NULL, "updated_at" = $2
          WHERE "id" = $1
       ), "audit" AS (${entry.insertInto} VALUES (${entry.values}))
       ${outbox.insertInto} VALUES (${outbox.values})`,
      [id, change.at, change.by, ...outbox.params, ...entry.params],
    );
  }

  /**
   * The whole booking in one statement (the database function `book_appointment`): claims the
   * Idempotency-Key, locks the person, checks their limit, inserts on the first of `counterIds` free and
   * accepted by the exclusion constraint, writes the event and the audit entry, stores the answer. A refusal
   * is the function's result (`refused`, decision §43) and changes nothing. The function runs only while
   * the location's `context_version` is the one the schedule was read with (decision §36); otherwise the
   * answer is `stale` and nothing happened. A `job` (the guest's expiry) is written by the same statement, a
   * data-modifying CTE around the booking, and only when the outcome is `booked`: a refused, stale or
   * replayed booking writes none. The relay takes the row at its next poll (like the booking's event, which
   * the function writes); its delay counts from the write.
   */
  async book(request: BookingRequest): Promise<BookingOutcome> {
    const { idempotency, now } = request;
    const params: unknown[] = [
      JSON.stringify(request.appointment),
      request.counterIds,
      request.maxHeld,
      now,
      JSON.stringify(request.event),
      JSON.stringify(request.audit),
      idempotency
        ? JSON.stringify({
            ...idempotency,
            staleBefore: new Date(now.getTime() - IDEMPOTENCY_TTL_MS),
          })
        : null,
      request.appointment.locationId,
      request.contextVersion,
    ];
    const booking = `SELECT book_appointment($1, $2, $3, $4, $5, $6, $7) AS result
           FROM locations l WHERE l.id = $8 AND l.context_version = $9`;
    let sql = booking;
    if (request.job) {
      const { queue, data, options } = request.job;
      const job = outboxJobRow(this.dataSource, 'appointments', queue, data, options, params.length + 1);
      params.push(...job.params);
      sql = `WITH booking AS (${booking}),
        job AS (${job.insertInto} SELECT ${job.values} FROM booking WHERE booking.result->>'outcome' = 'booked')
        SELECT result FROM booking`;
    }
    try {
      const rows = await this.dataSource.query<{ result: BookingOutcome }[]>(sql, params);
      const [row] = rows;
      return row ? row.result : { outcome: 'stale' };
    } catch (error) {
      // the function before migration 1766700000000 raised its refusals (a database not migrated yet)
      const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
      const reason = typeof code === 'string' ? BOOKING_REFUSALS[code] : undefined;
      if (reason) return { outcome: 'refused', reason };
      throw error;
    }
  }

  /** Moves the appointment to the first counter of `counterIds` free at the new time; null when none is. */
  async moveToFreeCounter(
    manager: EntityManager,
    id: string,
    startAt: Date,
    endAt: Date,
    counterIds: readonly string[],
    updatedAt: Date,
  ): Promise<string | null> {
    for (const counterId of counterIds) {
      if (
        await this.underSavepoint(manager, () =>
          manager.update(AppointmentEntity, id, { startAt, endAt, counterId, updatedAt }),
        )
      )
        return counterId;
    }
    return null;
  }

  private async underSavepoint(manager: EntityManager, write: () => Promise<unknown>): Promise<boolean> {
    await manager.query('SAVEPOINT try_counter');
    try {
      await write();
      await manager.query('RELEASE SAVEPOINT try_counter');
      return true;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT try_counter');
      if (isExclusionViolation(error)) return false;
      throw error;
    }
  }

  listOfUser(userId: string, limit: number, beforeId: string | undefined): Promise<AppointmentEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(AppointmentEntity, 'a')
      .where('a.user_id = :userId', { userId });
    if (beforeId) query.andWhere('a.id < :beforeId', { beforeId });
    return query.orderBy('a.id', 'DESC').limit(limit).getMany();
  }

  /**
   * A citizen's upcoming appointments (holding their time and not ended at `now`, soonest start first) or
   * the others (latest start first), after the (start, id) of the previous page's last one: keyset
   * pagination on the index (user_id, start_at, id), read forwards or backwards, so no sort and no gaps
   * or repeats between pages.
   */
  ownByTime(
    userId: string,
    when: AppointmentListWhen,
    now: Date,
    limit: number,
    after: { startAt: Date; id: string } | undefined,
  ): SelectQueryBuilder<AppointmentEntity> {
    const upcoming = '(a.status IN (:...holding) AND a.end_at > :now)';
    const query = this.dataSource.manager
      .createQueryBuilder(AppointmentEntity, 'a')
      .where('a.user_id = :userId', { userId })
      .andWhere(when === 'upcoming' ? upcoming : `NOT ${upcoming}`, { holding: UPCOMING_STATUSES, now });
    const direction = when === 'upcoming' ? 'ASC' : 'DESC';
    if (after) {
      query.andWhere(`(a.start_at, a.id) ${direction === 'ASC' ? '>' : '<'} (:afterStart, :afterId)`, {
        afterStart: after.startAt,
        afterId: after.id,
      });
    }
    return query.orderBy('a.startAt', direction).addOrderBy('a.id', direction).limit(limit);
  }

  /** Pending bookings whose confirmation time is over (the sweep's backstop for lost expiry jobs). */
  async overduePending(now: Date, limit = 100): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM appointments WHERE status = 'pending_confirmation' AND expires_at <= $1
        ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  // ------------------------------------------------------------------------------------ idempotency

  /**
   * The answer stored for `key` of `caller`, unless it is `IDEMPOTENCY_TTL_MS` or more old (service clock)
   * or its request is still being made (`status_code` 0; the booking function waits for that one).
   */
  async storedAnswer(caller: string, key: string, now: Date): Promise<StoredAnswer | null> {
    const [row] = await this.dataSource.query<StoredAnswer[]>(
      `SELECT request_hash AS "requestHash", status_code AS "statusCode", response
         FROM idempotency_keys WHERE caller = $1 AND key = $2 AND created_at > $3 AND status_code <> 0`,
      [caller, key, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)],
    );
    return row ?? null;
  }

  async pruneIdempotencyKeys(olderThan: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE created_at < $1', [olderThan]);
  }
}
