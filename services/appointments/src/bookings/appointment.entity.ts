import type { Locale } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const APPOINTMENT_STATUSES = [
  'pending_confirmation',
  'confirmed',
  'checked_in',
  'completed',
  'no_show',
  'cancelled',
  'expired',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses in which an appointment can still be cancelled, moved or confirmed. */
export const OPEN_STATUSES: readonly AppointmentStatus[] = ['pending_confirmation', 'confirmed'];

/** Statuses in which an appointment is still to come (until its end): the citizen's "upcoming" list. */
export const UPCOMING_STATUSES: readonly AppointmentStatus[] = [
  'pending_confirmation',
  'confirmed',
  'checked_in',
];

@Entity({ name: 'appointments' })
export class AppointmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  reference!: string;

  @Column('uuid', { name: 'location_id' })
  locationId!: string;

  @Column('uuid', { name: 'service_id' })
  serviceId!: string;

  @Column('uuid', { name: 'counter_id' })
  counterId!: string;

  @Column('timestamptz', { name: 'start_at' })
  startAt!: Date;

  @Column('timestamptz', { name: 'end_at' })
  endAt!: Date;

  @Column('text')
  status!: AppointmentStatus;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  /** who the per-person limit counts against: `user:<id>` or `email:<address>`; null once anonymised */
  @Column('text', { name: 'person_key', nullable: true })
  personKey!: string | null;

  @Column('text', { name: 'contact_name', nullable: true })
  contactName!: string | null;

  @Column('text', { name: 'contact_email', nullable: true })
  contactEmail!: string | null;

  @Column('text', { name: 'contact_phone', nullable: true })
  contactPhone!: string | null;

  @Column('text')
  locale!: Locale;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column('text', { name: 'cancelled_by', nullable: true })
  cancelledBy!: 'owner' | 'staff' | 'system' | null;

  @Column('timestamptz', { name: 'checked_in_at', nullable: true })
  checkedInAt!: Date | null;

  @Column('timestamptz', { name: 'anonymised_at', nullable: true })
  anonymisedAt!: Date | null;

  @Column('boolean')
  demo!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn('text')
  caller!: string;

  @PrimaryColumn('text')
  key!: string;

  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('integer', { name: 'status_code' })
  statusCode!: number;

  @Column('jsonb')
  response!: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
