import { hasStaffRole } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { OneTimeTokensService } from '../accounts/one-time-tokens.service';
import { UserEntity } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { LockoutService } from '../auth/lockout.service';
import { FieldProblem, IdentityProblem } from '../common/identity.errors';
import { SecretBox } from '../common/secrets';
import { IdentityConfig } from '../config';
import { acceptTotp, generateTotpSecret, totpUri } from './totp';
import { MESSAGES } from '../common/messages';
import { Clock } from '@buergeramt/platform';

export const ENROLLMENT_TOKEN_TTL_SECONDS = 15 * 60;
const TOTP_ISSUER = 'Digitales Bürgeramt';

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** TOTP (RFC 6238): enrolment for staff during login and for citizens from their profile, and code checks. */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly tokens: OneTimeTokensService,
    private readonly lockout: LockoutService,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  /** Whether this person must have TOTP before logging in. */
  enrollmentRequired(user: UserEntity): boolean {
    return this.config.MFA_REQUIRED && hasStaffRole(user.roles) && user.totpEnabledAt === null;
  }

  /** An enrollment token for a staff member who logged in with the right password but has no TOTP yet. */
  async issueEnrollmentToken(userId: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      await this.tokens.invalidateAll(manager, userId, ['mfa-enrollment']);
      return (await this.tokens.issue(manager, userId, 'mfa-enrollment', ENROLLMENT_TOKEN_TTL_SECONDS)).token;
    });
  }

  /** Checks a login code and records its time step (each code works once). */
  async verifyLoginCode(user: UserEntity, code: string): Promise<boolean> {
    if (!user.totpSecret) return false;
    const secret = this.box.open(user.totpSecret, `totp:${user.id}`);
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id: user.id })
        .getOne();
      const lastStep = locked?.totpLastStep ? Number(locked.totpLastStep) : null;
      const step = acceptTotp(secret, code, lastStep, this.clock.now().getTime());
      if (step === null) return false;
      await manager.update(UserEntity, { id: user.id }, { totpLastStep: String(step) });
      return true;
    });
  }

  /** POST /auth/mfa/enroll: a new secret for the staff member holding the enrollment token. */
  async startWithEnrollmentToken(token: string): Promise<TotpSetup> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.tokens.find(manager, token, ['mfa-enrollment']);
      const user = await this.requireUser(manager, row.userId);
      return this.start(manager, user);
    });
  }

  /** POST /auth/mfa/enroll/confirm: the first code switches TOTP on; the token is used up. Returns the person. */
  async confirmWithEnrollmentToken(token: string, code: string, requestId: string): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.tokens.find(manager, token, ['mfa-enrollment']);
      const user = await this.requireUser(manager, row.userId);
      await this.confirm(manager, user, code);
      await this.tokens.consume(manager, token, ['mfa-enrollment']);
      await this.audit.record(manager, {
        actor: { id: user.id, kind: 'user' },
        action: 'staff.mfa-enrolled',
        targetType: 'user',
        targetId: user.id,
        requestId,
      });
      return user;
    });
  }

  /** POST /me/mfa/totp */
  async startForUser(userId: string): Promise<TotpSetup> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.requireUser(manager, userId);
      if (user.totpEnabledAt) throw new IdentityProblem('mfa-already-enabled', MESSAGES.mfaAlreadyEnabled);
      return this.start(manager, user);
    });
  }

  /** POST /me/mfa/totp/confirm */
  async confirmForUser(userId: string, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.requireUser(manager, userId);
      if (user.totpEnabledAt) throw new IdentityProblem('mfa-already-enabled');
      await this.confirm(manager, user, code);
    });
  }

  /**
   * DELETE /me/mfa/totp: citizens may switch TOTP off with a current code; staff may not while MFA is
   * required. A wrong code counts against the account like a failed login (lockout), so a stolen access
   * token cannot guess its way through.
   */
  async disableForUser(userId: string, code: string, traceId: string): Promise<void> {
    const user = await this.requireUser(this.dataSource.manager, userId);
    if (hasStaffRole(user.roles) && this.config.MFA_REQUIRED) {
      throw new IdentityProblem('mfa-mandatory', MESSAGES.mfaMandatory);
    }
    if (user.totpEnabledAt) {
      const attempt = await this.lockout.begin(user.email ?? `user:${user.id}`);
      let verified: boolean;
      try {
        verified = await this.verifyLoginCode(user, code);
      } catch (error) {
        await this.lockout.release(attempt);
        throw error;
      }
      if (!verified) {
        await this.lockout.fail(attempt, user, traceId);
        throw new FieldProblem([{ field: 'code', text: MESSAGES.totpCodeWrong }]);
      }
      await this.lockout.release(attempt);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        UserEntity,
        { id: user.id },
        {
          totpSecret: null,
          totpEnabledAt: null,
          totpPendingSecret: null,
          totpLastStep: null,
          updatedAt: this.clock.now(),
        },
      );
    });
  }

  private async start(manager: EntityManager, user: UserEntity): Promise<TotpSetup> {
    const secret = generateTotpSecret();
    await manager.update(
      UserEntity,
      { id: user.id },
      { totpPendingSecret: this.box.seal(secret, `totp-pending:${user.id}`), updatedAt: this.clock.now() },
    );
    return { secret, otpauthUrl: totpUri(secret, user.email ?? user.id, TOTP_ISSUER) };
  }

  private async confirm(manager: EntityManager, user: UserEntity, code: string): Promise<void> {
    if (!user.totpPendingSecret) throw new IdentityProblem('mfa-not-started', MESSAGES.mfaNotStarted);
    const secret = this.box.open(user.totpPendingSecret, `totp-pending:${user.id}`);
    const step = acceptTotp(secret, code, null, this.clock.now().getTime());
    if (step === null) {
      throw new FieldProblem([{ field: 'code', text: MESSAGES.totpCodeInvalid }]);
    }
    const now = this.clock.now();
    await manager.update(
      UserEntity,
      { id: user.id },
      {
        totpSecret: this.box.seal(secret, `totp:${user.id}`),
        totpEnabledAt: now,
        totpPendingSecret: null,
        totpLastStep: String(step),
        updatedAt: now,
      },
    );
  }

  private async requireUser(manager: EntityManager, userId: string): Promise<UserEntity> {
    const user = await this.accounts.findById(userId, manager);
    if (!user || user.disabledAt) throw new IdentityProblem('not-found', MESSAGES.accountGone);
    return user;
  }
}
