import type { Locale, Role } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person: a citizen (self-registered or federated) or a staff member (created by an admin). */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** normalised (see normalizeEmail); null for a federated account whose provider vouched for none */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('timestamptz', { name: 'email_verified_at', nullable: true })
  emailVerifiedAt!: Date | null;

  /** argon2id PHC string; null for federated-only accounts and invited staff who have not set one */
  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  @Column('text', { name: 'given_name' })
  givenName!: string;

  @Column('text', { name: 'family_name' })
  familyName!: string;

  @Column('text')
  locale!: Locale;

  @Column('text', { array: true })
  roles!: Role[];

  /** optional, given by the person (profile); erased with the account */
  @Column('text', { nullable: true })
  phone!: string | null;

  /** optional postal address: street, postal code and city are all set or all null (a CHECK says so) */
  @Column('text', { name: 'address_street', nullable: true })
  addressStreet!: string | null;

  @Column('text', { name: 'address_postal_code', nullable: true })
  addressPostalCode!: string | null;

  @Column('text', { name: 'address_city', nullable: true })
  addressCity!: string | null;

  /** locations a clerk or supervisor works at; null means all (admins) */
  @Column('uuid', { name: 'location_ids', array: true, nullable: true })
  locationIds!: string[] | null;

  /** the TOTP secret, sealed (AES-256-GCM) */
  @Column('text', { name: 'totp_secret', nullable: true })
  totpSecret!: string | null;

  @Column('timestamptz', { name: 'totp_enabled_at', nullable: true })
  totpEnabledAt!: Date | null;

  /** a secret being enrolled, until a code confirms it */
  @Column('text', { name: 'totp_pending_secret', nullable: true })
  totpPendingSecret!: string | null;

  /** the last TOTP time step accepted, so a code works once */
  @Column('bigint', { name: 'totp_last_step', nullable: true })
  totpLastStep!: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @Column('timestamptz', { name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

export type TokenPurpose = 'email-verification' | 'password-reset' | 'invitation' | 'mfa-enrollment';

/**
 * Single-use, expiring tokens mailed to people (verification, reset, invitation) or handed out during
 * login (MFA enrollment). Only the SHA-256 of the token is stored.
 */
@Entity({ name: 'one_time_tokens' })
export class OneTimeTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  purpose!: TokenPurpose;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  /** what using the token applies, e.g. the password and names of the registration it confirms */
  @Column('jsonb', { nullable: true })
  payload!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
