import type { Locale } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The read model of people we may write to: built from identity.profile-changed and refreshed by the
 * identity mail events (which carry e-mail, locale and given name).
 */
@Entity({ name: 'recipients' })
export class RecipientEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'given_name' })
  givenName!: string;

  @Column('text', { name: 'family_name', nullable: true })
  familyName!: string | null;

  @Column('text')
  locale!: Locale;

  /** occurredAt of the event the row was last written from: older events never overwrite newer data */
  @Column('timestamptz', { name: 'source_event_at' })
  sourceEventAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
