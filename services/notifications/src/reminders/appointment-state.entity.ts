import type { AppointmentPayload } from '@buergeramt/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const APPOINTMENT_STATUSES = ['pending_confirmation', 'confirmed', 'cancelled', 'expired'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * - `none`: no reminder (not confirmed yet, or booked less than 24 h ahead);
 * - `scheduled`: a delayed job `reminder-<appointmentId>` is waiting;
 * - `sent`: the reminder went out; `removed`: cancelled or expired before it was due;
 * - `missed`: the job ran after the appointment had begun (the service was down), nothing sent.
 */
export const REMINDER_STATES = ['none', 'scheduled', 'sent', 'removed', 'missed'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** What notifications knows about an appointment: enough to remind of it and to ignore stale events. */
@Entity({ name: 'appointment_states' })
@Index('appointment_states_user_idx', ['userId'])
export class AppointmentStateEntity {
  @PrimaryColumn('uuid', { name: 'appointment_id' })
  appointmentId!: string;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('text')
  status!: AppointmentStatus;

  @Column('timestamptz', { name: 'start_at' })
  startAt!: Date;

  @Column('timestamptz', { name: 'end_at' })
  endAt!: Date;

  @Column('text')
  reminder!: ReminderState;

  @Column('timestamptz', { name: 'reminder_due_at', nullable: true })
  reminderDueAt!: Date | null;

  /** the latest event's payload (contact, manage token, reference, ...) for the reminder mail */
  @Column('jsonb')
  payload!: AppointmentPayload;

  /** occurredAt of the newest event applied: older ones arriving late are ignored */
  @Column('timestamptz', { name: 'last_event_at' })
  lastEventAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
