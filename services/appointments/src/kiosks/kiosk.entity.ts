import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A machine client (scope `tickets:write`) registered as the ticket kiosk of a location. */
@Entity({ name: 'kiosks' })
export class KioskEntity {
  @PrimaryColumn('uuid', { name: 'location_id' })
  locationId!: string;

  /** identity's client id (`sub` of the client's access tokens) */
  @PrimaryColumn('text', { name: 'client_id' })
  clientId!: string;

  @Column('text', { nullable: true })
  label!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
