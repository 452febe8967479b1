import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A failed login, kept for the lockout window. Keyed by a hash of the normalised address, not by
 * account, so that unknown addresses lock exactly like known ones (no enumeration) and no address of a
 * non-customer is stored in clear. A login reserves its row (`pending`) before its password is checked,
 * so that it counts from the start; the verdict confirms it (a failure) or deletes it.
 */
@Entity({ name: 'login_failures' })
export class LoginFailureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column('text', { name: 'email_key' })
  emailKey!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  /** reserved by an attempt whose verdict is not in yet */
  @Column('boolean', { default: false })
  pending!: boolean;
}

@Entity({ name: 'login_locks' })
export class LoginLockEntity {
  @PrimaryColumn('text', { name: 'email_key' })
  emailKey!: string;

  @Column('timestamptz', { name: 'locked_until' })
  lockedUntil!: Date;
}
