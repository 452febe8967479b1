import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThan, MoreThan } from 'typeorm';
import { hashToken } from '../common/secrets';
import { IdentityConfig } from '../config';
import { AddressMailEntity, type MailPurpose } from './mail-limit.entity';
import { Clock } from '@buergeramt/platform';

/**
 * At most MAIL_LIMIT_PER_ADDRESS mails per address and purpose within MAIL_LIMIT_WINDOW_MINUTES, so
 * that nobody can flood a stranger's mailbox through registration or forgotten password. The caller
 * answers the same either way (202), so the limit reveals nothing about the address.
 */
@Injectable()
export class MailLimitService {
  private readonly logger = new Logger('MailLimit');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Whether one more `purpose` mail may go to `email`; if so, it is counted, in the caller's transaction
   * (so a rollback takes it back). Concurrent requests for one address wait for each other.
   */
  async take(manager: EntityManager, email: string, purpose: MailPurpose): Promise<boolean> {
    const key = hashToken(`mail:${email}`);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`mail:${purpose}:${key}`]);
    const now = this.clock.now();
    const sent = await manager.count(AddressMailEntity, {
      where: { emailKey: key, purpose, at: MoreThan(this.windowStart(now)) },
    });
    if (sent >= this.config.MAIL_LIMIT_PER_ADDRESS) {
      this.logger.warn(`${purpose} mail not sent: the address had ${sent} within the window`);
      return false;
    }
    await manager.insert(AddressMailEntity, { emailKey: key, purpose, at: now });
    return true;
  }

  /** Removes counts older than the window. */
  async deleteOld(): Promise<void> {
    await this.dataSource.manager.delete(AddressMailEntity, {
      at: LessThan(this.windowStart(this.clock.now())),
    });
  }

  private windowStart(now: Date): Date {
    return new Date(now.getTime() - this.config.MAIL_LIMIT_WINDOW_MINUTES * 60_000);
  }
}
