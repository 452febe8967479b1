import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const TICKET_STATUSES = ['waiting', 'called', 'in_service', 'completed', 'no_show'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

@Entity({ name: 'tickets' })
export class TicketEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'location_id' })
  locationId!: string;

  @Column('uuid', { name: 'service_id' })
  serviceId!: string;

  /** the calendar date (city time) the ticket belongs to */
  @Column('date', { name: 'service_day' })
  serviceDay!: string;

  @Column('text')
  number!: string;

  @Column('text')
  kind!: 'appointment' | 'walk_in';

  @Column('uuid', { name: 'appointment_id', nullable: true })
  appointmentId!: string | null;

  @Column('text')
  status!: TicketStatus;

  @Column('uuid', { name: 'counter_id', nullable: true })
  counterId!: string | null;

  @Column('timestamptz', { name: 'arrived_at' })
  arrivedAt!: Date;

  /** the appointment's start: before it, the ticket waits behind walk-ins */
  @Column('timestamptz', { name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @Column('timestamptz', { name: 'called_at', nullable: true })
  calledAt!: Date | null;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('integer', { name: 'recall_count' })
  recallCount!: number;

  /** the service's planned duration, for the waiting time estimate before real times exist */
  @Column('integer', { name: 'duration_minutes' })
  durationMinutes!: number;
}

@Entity({ name: 'ticket_numbers' })
export class TicketNumberEntity {
  @PrimaryColumn('uuid', { name: 'location_id' })
  locationId!: string;

  @PrimaryColumn('date', { name: 'service_day' })
  serviceDay!: string;

  @PrimaryColumn('text')
  prefix!: string;

  @Column('integer')
  last!: number;
}

/** One call of a ticket to a counter: what the waiting-room display shows, in order. */
@Entity({ name: 'calls' })
export class CallEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'location_id' })
  locationId!: string;

  @Column('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @Column('text')
  number!: string;

  @Column('text', { name: 'counter_name' })
  counterName!: string;

  @Column('boolean')
  recall!: boolean;

  @Column('timestamptz', { name: 'called_at' })
  calledAt!: Date;
}
