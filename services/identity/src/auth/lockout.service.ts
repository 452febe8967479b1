import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxPublisher } from '@buergeramt/messaging';
import { DataSource, type EntityManager, LessThan, MoreThan } from 'typeorm';
import type { UserEntity } from '../accounts/user.entity';
import { IdentityProblem } from '../common/identity.errors';
import { MESSAGES } from '../common/messages';
import { hashToken } from '../common/secrets';
import { IdentityConfig } from '../config';
import { LoginFailureEntity, LoginLockEntity } from './login-failure.entity';
import { Clock } from '@buergeramt/platform';

/** One login attempt's place in its address's count, from `begin` until `fail`, `release` or `clear`. */
export interface LoginAttempt {
  readonly key: string;
  readonly id: string;
}

/**
 * Per-address lockout: LOCKOUT_MAX_ATTEMPTS failed logins within LOCKOUT_WINDOW_MINUTES lock the address
 * for LOCKOUT_DURATION_MINUTES, and the owner is told by mail (event). Counted per normalised address,
 * known or not, so the answers do not reveal which addresses have accounts.
 *
 * An attempt is counted before its password is checked (`begin`), so that attempts sent at once cannot
 * all be checked before the first failure is written: at most LOCKOUT_MAX_ATTEMPTS passwords are checked
 * per address and window, and the attempts beyond them are refused without a check.
 */
@Injectable()
export class LockoutService {
  private readonly logger = new Logger('Lockout');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxPublisher,
  ) {}

  emailKey(email: string): string {
    return hashToken(`login:${email}`);
  }

  /**
   * Reserves an attempt for `email` before its password is checked, counting it as a failure until its
   * verdict. 429 `account-locked` (nothing reserved) while the address is locked, and while the window's
   * LOCKOUT_MAX_ATTEMPTS attempts are counted already, failed or still being checked.
   */
  async begin(email: string): Promise<LoginAttempt> {
    const key = this.emailKey(email);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.lockKey(manager, key);
      const now = this.clock.now();
      const lock = await manager.findOne(LoginLockEntity, {
        where: { emailKey: key, lockedUntil: MoreThan(now) },
      });
      if (lock) throw this.lockedProblem(lock.lockedUntil, now);
      const counted = await manager.count(LoginFailureEntity, {
        where: { emailKey: key, at: MoreThan(this.windowStart(now)) },
      });
      if (counted >= this.config.LOCKOUT_MAX_ATTEMPTS) {
        // the last attempts of the window are still being checked; if they fail, the lock starts now
        throw this.lockedProblem(this.lockEnd(now), now);
      }
      const inserted = await manager.insert(LoginFailureEntity, { emailKey: key, at: now, pending: true });
      return String((inserted.identifiers[0] as { id: string | number }).id);
    });
    return { key, id };
  }

  /**
   * The verdict "wrong password" (or TOTP code): the attempt stays counted. The failure that completes
   * LOCKOUT_MAX_ATTEMPTS locks the address and tells its owner (one mail per lock).
   */
  async fail(attempt: LoginAttempt, user: UserEntity | null, traceId: string): Promise<void> {
    const { key } = attempt;
    await this.dataSource.transaction(async (manager) => {
      await this.lockKey(manager, key);
      const now = this.clock.now();
      const confirmed = await manager.update(
        LoginFailureEntity,
        { id: attempt.id, emailKey: key },
        { pending: false },
      );
      // a successful login cleared the count meanwhile: this failure starts the next one
      if (!confirmed.affected) {
        await manager.insert(LoginFailureEntity, { emailKey: key, at: now, pending: false });
      }
      const failures = await manager.count(LoginFailureEntity, {
        where: { emailKey: key, pending: false, at: MoreThan(this.windowStart(now)) },
      });
      if (failures < this.config.LOCKOUT_MAX_ATTEMPTS) return;
      const existing = await manager.findOne(LoginLockEntity, { where: { emailKey: key } });
      if (existing && existing.lockedUntil > now) return;
      const lockedUntil = this.lockEnd(now);
      await manager.upsert(LoginLockEntity, { emailKey: key, lockedUntil }, ['emailKey']);
      // the failures that caused this lock do not count again once it ends
      await manager.delete(LoginFailureEntity, { emailKey: key });
      if (user?.email) {
        await this.outbox.publish(
          manager,
          'identity.account-locked',
          user.id,
          {
            userId: user.id,
            email: user.email,
            givenName: user.givenName,
            locale: user.locale,
            lockedUntil: lockedUntil.toISOString(),
          },
          { traceId },
        );
        this.logger.warn(
          `account ${user.id} locked until ${lockedUntil.toISOString()} after ${failures} failed logins`,
        );
      }
    });
  }

  /** The verdict "right password", but no session yet (a TOTP code is missing, the address unverified …). */
  async release(attempt: LoginAttempt): Promise<void> {
    await this.dataSource.manager.delete(LoginFailureEntity, { id: attempt.id, emailKey: attempt.key });
  }

  /** After a successful login or a password reset: the address starts with a clean slate. */
  async clear(email: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const key = this.emailKey(email);
    await manager.delete(LoginFailureEntity, { emailKey: key });
    await manager.delete(LoginLockEntity, { emailKey: key });
  }

  /** Removes failures and locks that no longer matter. */
  async deleteOld(): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.manager.delete(LoginFailureEntity, { at: LessThan(this.windowStart(now)) });
    await this.dataSource.manager.delete(LoginLockEntity, { lockedUntil: LessThan(now) });
  }

  private async lockKey(manager: EntityManager, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lockout:${key}`]);
  }

  private windowStart(now: Date): Date {
    return new Date(now.getTime() - this.config.LOCKOUT_WINDOW_MINUTES * 60_000);
  }

  private lockEnd(now: Date): Date {
    return new Date(now.getTime() + this.config.LOCKOUT_DURATION_MINUTES * 60_000);
  }

  private lockedProblem(lockedUntil: Date, now: Date): IdentityProblem {
    const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
    return new IdentityProblem(
      'account-locked',
      MESSAGES.accountLocked(Math.ceil(seconds / 60)),
      { lockedUntil: lockedUntil.toISOString() },
      seconds,
    );
  }
}
