import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'locations' })
export class LocationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  street!: string;

  @Column('text', { name: 'postal_code' })
  postalCode!: string;

  @Column('text')
  city!: string;

  /** start times are this many minutes apart */
  @Column('integer', { name: 'slot_interval_minutes' })
  slotIntervalMinutes!: number;

  /** null: BOOKING_WINDOW_DAYS */
  @Column('integer', { name: 'booking_window_days', nullable: true })
  bookingWindowDays!: number | null;

  /** null: BOOKING_MIN_LEAD_MINUTES */
  @Column('integer', { name: 'min_lead_minutes', nullable: true })
  minLeadMinutes!: number | null;

  @Column('boolean', { name: 'walk_ins_enabled' })
  walkInsEnabled!: boolean;

  @Column('boolean')
  active!: boolean;

  @Column('boolean')
  demo!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'counters' })
export class CounterEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'location_id' })
  locationId!: string;

  @Column('text')
  name!: string;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

@Entity({ name: 'opening_hours' })
export class OpeningHoursEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'location_id' })
  locationId!: string;

  /** ISO weekday, 1 = Monday */
  @Column('smallint')
  weekday!: number;

  /** HH:MM:SS */
  @Column('time')
  opens!: string;

  @Column('time')
  closes!: string;
}

@Entity({ name: 'closures' })
export class ClosureEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'location_id' })
  locationId!: string;

  @Column('date')
  date!: string;

  /** both null: closed all day */
  @Column('time', { nullable: true })
  starts!: string | null;

  @Column('time', { nullable: true })
  ends!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  /** the reason may be shown to residents */
  @Column('boolean', { name: 'reason_public', default: false })
  reasonPublic!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

@Entity({ name: 'location_services' })
export class LocationServiceEntity {
  @PrimaryColumn('uuid', { name: 'location_id' })
  locationId!: string;

  @PrimaryColumn('uuid', { name: 'service_id' })
  serviceId!: string;

  @Column('integer', { name: 'duration_minutes' })
  durationMinutes!: number;

  @Column('integer', { name: 'max_future_bookings_per_person' })
  maxFutureBookingsPerPerson!: number;

  /** null: every active counter of the location serves it */
  @Column('uuid', { name: 'counter_ids', array: true, nullable: true })
  counterIds!: string[] | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
