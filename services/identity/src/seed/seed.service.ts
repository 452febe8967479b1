import { Role } from '@buergeramt/contracts';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountsService } from '../accounts/accounts.service';
import { PasswordHasher } from '../accounts/password-hasher';
import { passwordProblem } from '../accounts/password-policy';
import { UserEntity } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { normalizeEmail } from '../common/email';
import { IdentityConfig } from '../config';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { Clock } from '@buergeramt/platform';

/**
 * At start: warns when MFA is off, creates the bootstrap admin (BOOTSTRAP_ADMIN_EMAIL/PASSWORD) when no
 * active admin exists, and the demo accounts when DEMO_SEED=true. Both idempotent, under an advisory lock,
 * so replicas starting together create each account once.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly accountsService: AccountsService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.MFA_REQUIRED) {
      this.logger.warn(
        'MFA_REQUIRED=false: staff log in WITHOUT a second factor. This is for demos only; never run it in production.',
      );
    }
    await this.bootstrapAdmin();
    if (this.config.DEMO_SEED) await this.seedDemoAccounts();
  }

  /** Creates BOOTSTRAP_ADMIN_EMAIL as admin when there is no active admin. Returns whether it did. */
  async bootstrapAdmin(): Promise<boolean> {
    const { BOOTSTRAP_ADMIN_EMAIL: rawEmail, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config;
    if (!rawEmail || !password) return false;
    const email = normalizeEmail(rawEmail);
    const problem = passwordProblem(password, { email });
    if (problem) {
      this.logger.error(
        `BOOTSTRAP_ADMIN_PASSWORD is not acceptable (${problem.text.en}); no admin was created`,
      );
      return false;
    }
    const passwordHash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['identity:seed']);
      if ((await this.accounts.countActiveWithRole(Role.Admin, manager)) > 0) return false;
      if (await this.accounts.findByEmail(email, manager)) {
        this.logger.warn(
          'BOOTSTRAP_ADMIN_EMAIL belongs to an existing account that is not an active admin; nothing created',
        );
        return false;
      }
      const now = this.clock.now();
      const user = manager.create(UserEntity, {
        id: uuidv7(),
        email,
        emailVerifiedAt: now,
        passwordHash,
        givenName: 'Admin',
        familyName: 'Bootstrap',
        locale: 'de',
        roles: [Role.Admin],
        locationIds: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(UserEntity, user);
      await this.audit.record(manager, {
        actor: 'system',
        action: 'admin.bootstrapped',
        targetType: 'user',
        targetId: user.id,
      });
      await this.accountsService.publishProfileChanged(manager, user, null);
      this.logger.log(
        'created the bootstrap admin from BOOTSTRAP_ADMIN_EMAIL; remove BOOTSTRAP_ADMIN_PASSWORD now',
      );
      return true;
    });
  }

  /** Creates the demo accounts that do not exist yet. Returns how many it created. */
  async seedDemoAccounts(): Promise<number> {
    const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => this.hasher.hash(account.password)));
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['identity:seed']);
      let count = 0;
      for (const [index, account] of DEMO_ACCOUNTS.entries()) {
        if (await this.accounts.findByEmail(account.email, manager)) continue;
        if (await this.accounts.findById(account.id, manager)) continue;
        const now = this.clock.now();
        const user = manager.create(UserEntity, {
          id: account.id,
          email: account.email,
          emailVerifiedAt: now,
          passwordHash: hashes[index],
          givenName: account.givenName,
          familyName: account.familyName,
          locale: 'de',
          roles: account.roles,
          locationIds: null,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(UserEntity, user);
        await this.audit.record(manager, {
          actor: 'system',
          action: 'demo.seeded',
          targetType: 'user',
          targetId: user.id,
        });
        await this.accountsService.publishProfileChanged(manager, user, null);
        count += 1;
      }
      return count;
    });
    if (created > 0)
      this.logger.warn(`DEMO_SEED: created ${created} demo account(s) (see README); never in production`);
    return created;
  }
}
