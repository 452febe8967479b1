import { affectedRows, returnedRows } from '@buergeramt/platform';
import type { AppointmentPayload } from '@buergeramt/contracts';
import type { OutboxJobRow } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { tableOf } from '../common/sql';
import {
  AppointmentStateEntity,
  type AppointmentStatus,
  type ReminderState,
} from './appointment-state.entity';

export interface AppointmentStateUpdate {
  status: AppointmentStatus;
  reminder: ReminderState;
  reminderDueAt: Date | null;
  payload: AppointmentPayload;
  lastEventAt: string;
}

@Injectable()
export class AppointmentStatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The appointment's row, locked for the caller's transaction; null when it is not known yet. */
  lock(manager: EntityManager, appointmentId: string): Promise<AppointmentStateEntity | null> {
    return manager
      .createQueryBuilder(AppointmentStateEntity, 'a')
      .setLock('pessimistic_write')
      .where('a.appointmentId = :appointmentId', { appointmentId })
      .getOne();
  }

  /**
   * Inserts or replaces the appointment's row (the caller holds its lock or it did not exist); `job` gives a
   * job (its reminder) to write with the same statement, placeholders from `firstParam`.
   */
  async save(
    manager: EntityManager,
    appointmentId: string,
    update: AppointmentStateUpdate,
    job?: (firstParam: number) => OutboxJobRow,
  ): Promise<void> {
    const params: unknown[] = [
      appointmentId,
      update.payload.userId,
      update.status,
      update.payload.start,
      update.payload.end,
      update.reminder,
      update.reminderDueAt,
      JSON.stringify(update.payload),
      update.lastEventAt,
    ];
    const row = job?.(params.length + 1);
    const upsert = `INSERT INTO ${tableOf(manager, AppointmentStateEntity)}
         ("appointment_id", "user_id", "status", "start_at", "end_at", "reminder", "reminder_due_at", "payload", "last_event_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       ON CONFLICT ("appointment_id") DO UPDATE SET
         "user_id" = EXCLUDED."user_id", "status" = EXCLUDED."status", "start_at" = EXCLUDED."start_at",
         "end_at" = EXCLUDED."end_at", "reminder" = EXCLUDED."reminder",
         "reminder_due_at" = EXCLUDED."reminder_due_at", "payload" = EXCLUDED."payload",
         "last_event_at" = EXCLUDED."last_event_at", "updated_at" = now()`;
    await manager.query(
      row ? `WITH "state" AS (${upsert}) ${row.insertInto} VALUES (${row.values})` : upsert,
      row ? [...params, ...row.params] : params,
    );
  }

  async setReminder(manager: EntityManager, appointmentId: string, reminder: ReminderState): Promise<void> {
    await manager.update(AppointmentStateEntity, { appointmentId }, { reminder, updatedAt: () => 'now()' });
  }

  /** Deletes the person's appointments (their reminder jobs then send nothing); resolves with their ids. */
  async deleteForUser(manager: EntityManager, userId: string): Promise<string[]> {
    const result: unknown = await manager.query(
      `DELETE FROM ${tableOf(manager, AppointmentStateEntity)} WHERE "user_id" = $1 RETURNING "appointment_id"`,
      [userId],
    );
    return returnedRows<{ appointment_id: string }>(result).map((row) => row.appointment_id);
  }

  /** Forgets appointments that ended more than `days` ago (their guests' contact data included). */
  async prune(days: number): Promise<number> {
    const manager = this.dataSource.manager;
    const result: unknown = await manager.query(
      `DELETE FROM ${tableOf(manager, AppointmentStateEntity)} WHERE "end_at" < now() - make_interval(days => $1)`,
      [days],
    );
    return affectedRows(result);
  }
}
