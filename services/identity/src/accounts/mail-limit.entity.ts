import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a mail to an address was for; each purpose has its own limit (MAIL_LIMIT_PER_ADDRESS). */
export type MailPurpose = 'email-verification' | 'password-reset';

/**
 * A mail event identity wrote for an address that anyone may type in (registration, forgotten password),
 * kept for MAIL_LIMIT_WINDOW_MINUTES. Keyed by a hash of the normalised address, like the lockout.
 */
@Entity({ name: 'address_mails' })
export class AddressMailEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column('text', { name: 'email_key' })
  emailKey!: string;

  @Column('text')
  purpose!: MailPurpose;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;
}
