import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AppointmentListWhen } from './dto/appointments.dto';
import { AppointmentEntity, IdempotencyKeyEntity, UPCOMING_STATUSES } from './appointment.entity';

/** Postgres: a row conflicts with another under an exclusion constraint. */
const EXCLUSION_VIOLATION = '23P01';

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

  /** The row, locked for the rest of the transaction. */
  lock(manager: EntityManager, id: string): Promise<AppointmentEntity | null> {
    return manager
      .createQueryBuilder(AppointmentEntity, 'a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  /**
   * Inserts the appointment on the first of `counterIds` the database accepts. Each try runs under a
   * savepoint: the exclusion constraint refusing it (another booking won the race for that counter) rolls
   * back only the try. Returns the counter, or null when every counter was taken.
   */
  async insertOnFreeCounter(
    manager: EntityManager,
    appointment: Omit<AppointmentEntity, 'counterId'>,
    counterIds: readonly string[],
  ): Promise<string | null> {
    for (const counterId of counterIds) {
      if (
        await this.underSavepoint(manager, () =>
          manager.insert(AppointmentEntity, { ...appointment, counterId }),
        )
      )
        return counterId;
    }
    return null;
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

  /** Future open appointments of a person for a service (the per-person limit). */
  async countFutureOf(
    manager: EntityManager,
    personKey: string,
    serviceId: string,
    now: Date,
  ): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM appointments
        WHERE person_key = $1 AND service_id = $2 AND start_at > $3
          AND status IN ('pending_confirmation', 'confirmed')`,
      [personKey, serviceId, now],
    );
    return row.n;
  }

  /** Serialises bookings of one person for one service, so two parallel requests cannot both pass the limit. */
  async lockPerson(manager: EntityManager, personKey: string, serviceId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`person:${personKey}:${serviceId}`]);
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
   * Claims `key` for `caller` inside the booking's transaction. When another request holds it, this waits
   * for that transaction: committed, its stored row is returned; rolled back, the claim succeeds. A key
   * claimed `IDEMPOTENCY_TTL_MS` or longer before `now` (service clock) counts as unused: its row is
   * overwritten in the same statement, so the answer does not depend on the housekeeping sweep having run.
   */
  async claimIdempotencyKey(
    manager: EntityManager,
    caller: string,
    key: string,
    requestHash: string,
    now: Date,
  ): Promise<IdempotencyKeyEntity | 'claimed'> {
    const staleBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
    // ON CONFLICT DO UPDATE locks the existing row even when its WHERE is false, so a parallel duplicate
    // still waits for the transaction holding the key
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys AS k (caller, key, request_hash, status_code, response, created_at)
       VALUES ($1, $2, $3, 0, 'null'::jsonb, $4)
       ON CONFLICT (caller, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = 0, response = 'null'::jsonb,
             created_at = EXCLUDED.created_at
         WHERE k.created_at <= $5
       RETURNING caller`,
      [caller, key, requestHash, now, staleBefore],
    );
    if (inserted.length > 0) return 'claimed';
    const existing = await manager.findOneBy(IdempotencyKeyEntity, { caller, key });
    if (!existing) throw new Error('idempotency key vanished while claiming it');
    return existing;
  }

  async storeIdempotentResponse(
    manager: EntityManager,
    caller: string,
    key: string,
    statusCode: number,
    response: unknown,
  ): Promise<void> {
    await manager.update(IdempotencyKeyEntity, { caller, key }, { statusCode, response: response as never });
  }

  async pruneIdempotencyKeys(olderThan: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE created_at < $1', [olderThan]);
  }
}
