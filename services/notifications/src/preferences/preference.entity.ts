import type { Locale } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person's notification preferences; no row means the defaults (e-mail on, the profile's language). */
@Entity({ name: 'preferences' })
export class PreferenceEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  /** optional mails by e-mail; the ones needed for security or a booking are sent regardless */
  @Column('boolean', { name: 'email_enabled', default: true })
  emailEnabled!: boolean;

  /** the language chosen here; null follows the profile */
  @Column('text', { nullable: true })
  locale!: Locale | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
