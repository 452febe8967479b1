import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxPublisher } from '@buergeramt/messaging';
import { DataSource, type EntityManager, LessThan, MoreThan } from 'typeorm';
import type { UserEntity } from '../accounts/user.entity';
import { Clock } from '../common/clock';
import { hashToken } from '../common/secrets';
import { IdentityConfig } from '../config';
import { LoginFailureEntity, LoginLockEntity } from './login-failure.entity';

/**
 * Per-address lockout: LOCKOUT_MAX_ATTEMPTS failed logins within LOCKOUT_WINDOW_MINUTES lock the address
 * for LOCKOUT_DURATION_MINUTES, and the owner is told by mail (event). Counted per normalised address,
 * known or not, so the answers do not reveal which addresses have accounts.
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

  /** Until when the address is locked, or null. */
  async lockedUntil(email: string): Promise<Date | null> {
    const lock = await this.dataSource.manager.findOne(LoginLockEntity, {
      where: { emailKey: this.emailKey(email), lockedUntil: MoreThan(this.clock.now()) },
    });
    return lock?.lockedUntil ?? null;
  }

  /** Records a failed login; locks the address (and tells its owner) when that was one too many. */
  async recordFailure(email: string, user: UserEntity | null, traceId: string): Promise<void> {
    const key = this.emailKey(email);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lockout:${key}`]);
      const now = this.clock.now();
      await manager.insert(LoginFailureEntity, { emailKey: key, at: now });
      const windowStart = new Date(now.getTime() - this.config.LOCKOUT_WINDOW_MINUTES * 60_000);
      const failures = await manager.count(LoginFailureEntity, {
        where: { emailKey: key, at: MoreThan(windowStart) },
      });
      if (failures < this.config.LOCKOUT_MAX_ATTEMPTS) return;
      const existing = await manager.findOne(LoginLockEntity, { where: { emailKey: key } });
      if (existing && existing.lockedUntil > now) return;
      const lockedUntil = new Date(now.getTime() + this.config.LOCKOUT_DURATION_MINUTES * 60_000);
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

  /** After a successful login or a password reset: the address starts with a clean slate. */
  async clear(email: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const key = this.emailKey(email);
    await manager.delete(LoginFailureEntity, { emailKey: key });
    await manager.delete(LoginLockEntity, { emailKey: key });
  }

  /** Removes failures and locks that no longer matter. */
  async deleteOld(): Promise<void> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.config.LOCKOUT_WINDOW_MINUTES * 60_000);
    await this.dataSource.manager.delete(LoginFailureEntity, { at: LessThan(windowStart) });
    await this.dataSource.manager.delete(LoginLockEntity, { lockedUntil: LessThan(now) });
  }
}
