import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of the applications service's catalogue, filled from `catalogue.service-changed`. */
@Entity({ name: 'catalogue_services' })
export class CatalogueServiceEntity {
  @PrimaryColumn('uuid', { name: 'service_id' })
  serviceId!: string;

  @Column('text')
  slug!: string;

  @Column('jsonb')
  name!: { de: string; en: string };

  @Column('boolean', { name: 'appointment_required' })
  appointmentRequired!: boolean;

  @Column('boolean', { name: 'online_application' })
  onlineApplication!: boolean;

  @Column('boolean')
  active!: boolean;

  /** occurredAt of the event applied last: an older event arriving later changes nothing */
  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
