import { type Locale, Role, hasStaffRole } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxPublisher } from '@buergeramt/messaging';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { LockoutService } from '../auth/lockout.service';
import { FieldProblem, IdentityProblem } from '../common/identity.errors';
import { MESSAGES } from '../common/messages';
import { IdentityConfig } from '../config';
import { TokensService } from '../tokens/tokens.service';
import { AccountsRepository } from './accounts.repository';
import type { ProfileDto, RegisterDto, UpdateProfileDto } from './dto/accounts.dto';
import { MailLimitService } from './mail-limit.service';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password-hasher';
import { passwordProblem } from './password-policy';
import { UserEntity } from './user.entity';
import { Clock } from '@buergeramt/platform';

/** What a verification token applies when used: the registration it confirms. */
interface PendingRegistration {
  passwordHash: string;
  givenName: string;
  familyName: string;
  locale: Locale;
}

export function toProfile(user: UserEntity, federatedProviders: string[]): ProfileDto {
  const profile: ProfileDto = {
    id: user.id,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
    roles: user.roles,
    mfaEnabled: Boolean(user.totpEnabledAt),
    federatedProviders,
    phone: user.phone ?? null,
    address:
      user.addressStreet && user.addressPostalCode && user.addressCity
        ? { street: user.addressStreet, postalCode: user.addressPostalCode, city: user.addressCity }
        : null,
    createdAt: user.createdAt.toISOString(),
  };
  if (user.locationIds) profile.locationIds = user.locationIds;
  return profile;
}

/** Citizens' own accounts: registration, verification, passwords, profile, deletion. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly tokens: OneTimeTokensService,
    private readonly refreshTokens: TokensService,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutService,
    private readonly mailLimit: MailLimitService,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Registration. Answers the same whatever the address: a new address gets an unverified account and a
   * verification mail; an address with an unverified account gets a new verification mail (the token
   * carries this registration's password and names, applied only when it is used, so nobody can
   * pre-register someone else's address with a password of their own); an address with an account gets
   * a mail saying so. Beyond MAIL_LIMIT_PER_ADDRESS such mails within the window, nothing happens at
   * all (and the answer is the same).
   */
  async register(dto: RegisterDto, requestLocale: Locale, traceId: string): Promise<void> {
    const problem = passwordProblem(dto.password, { email: dto.email });
    if (problem) throw new FieldProblem([problem]);
    const locale = dto.locale ?? requestLocale;
    // hashing happens for every address, so the answer takes as long whether it is known or not
    const passwordHash = await this.hasher.hash(dto.password);
    const pending: PendingRegistration = {
      passwordHash,
      givenName: dto.givenName,
      familyName: dto.familyName,
      locale,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.lockEmail(manager, dto.email);
      if (!(await this.mailLimit.take(manager, dto.email, 'email-verification'))) return;
      let user = await this.accounts.findByEmail(dto.email, manager);
      if (user && (user.emailVerifiedAt || hasStaffRole(user.roles) || user.disabledAt)) {
        await this.outbox.publish(
          manager,
          'identity.email-verification-requested',
          user.id,
          {
            userId: user.id,
            email: dto.email,
            givenName: user.givenName,
            locale: user.locale,
            token: '',
            expiresAt: this.clock.now().toISOString(),
            alreadyRegistered: true,
          },
          { traceId },
        );
        return;
      }
      if (!user) {
        user = manager.create(UserEntity, {
          id: uuidv7(),
          email: dto.email,
          emailVerifiedAt: null,
          passwordHash,
          givenName: dto.givenName,
          familyName: dto.familyName,
          locale,
          roles: [Role.Citizen],
          locationIds: null,
        });
        await manager.insert(UserEntity, user);
      }
      const issued = await this.tokens.issue(
        manager,
        user.id,
        'email-verification',
        this.config.EMAIL_VERIFICATION_TTL_HOURS * 3600,
        { ...pending },
      );
      await this.outbox.publish(
        manager,
        'identity.email-verification-requested',
        user.id,
        {
          userId: user.id,
          email: dto.email,
          givenName: dto.givenName,
          locale,
          token: issued.token,
          expiresAt: issued.expiresAt.toISOString(),
          alreadyRegistered: false,
        },
        { traceId },
      );
    });
  }

  /** Uses a verification token: the account gets the registration's details and can log in. */
  async verifyEmail(token: string, traceId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.tokens.consume(manager, token, ['email-verification']);
      const user = await this.accounts.findById(row.userId, manager);
      if (!user) throw new IdentityProblem('not-found');
      const pending = row.payload as PendingRegistration | null;
      if (pending && !user.emailVerifiedAt) {
        user.passwordHash = pending.passwordHash;
        user.givenName = pending.givenName;
        user.familyName = pending.familyName;
        user.locale = pending.locale;
      }
      user.emailVerifiedAt ??= this.clock.now();
      user.updatedAt = this.clock.now();
      await manager.save(user);
      await this.tokens.invalidateAll(manager, user.id, ['email-verification']);
      await this.publishProfileChanged(manager, user, traceId);
    });
  }

  /**
   * Forgotten password: a reset mail for a known, enabled account (at most MAIL_LIMIT_PER_ADDRESS within
   * the window); nothing else, and the same answer.
   */
  async forgotPassword(email: string, traceId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.accounts.findByEmail(email, manager);
      if (!user?.email || user.disabledAt) return;
      if (!(await this.mailLimit.take(manager, user.email, 'password-reset'))) return;
      const issued = await this.tokens.issue(
        manager,
        user.id,
        'password-reset',
        this.config.PASSWORD_RESET_TTL_MINUTES * 60,
      );
      await this.outbox.publish(
        manager,
        'identity.password-reset-requested',
        user.id,
        {
          userId: user.id,
          email: user.email,
          givenName: user.givenName,
          locale: user.locale,
          token: issued.token,
          expiresAt: issued.expiresAt.toISOString(),
        },
        { traceId },
      );
    });
  }

  /**
   * Sets a new password with a reset or invitation token. Ends every session of the account, proves the
   * address (the mail arrived), and lifts a lockout.
   */
  async resetPassword(token: string, password: string, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.tokens.find(manager, token, ['password-reset', 'invitation']);
      const user = await this.accounts.findById(row.userId, manager);
      if (!user || user.disabledAt) {
        throw new FieldProblem([{ field: 'token', text: MESSAGES.linkNoLongerValid }]);
      }
      const problem = passwordProblem(password, { email: user.email });
      if (problem) throw new FieldProblem([problem]);
      await this.tokens.consume(manager, token, ['password-reset', 'invitation']);
      await this.tokens.invalidateAll(manager, user.id, [
        'password-reset',
        'invitation',
        'email-verification',
      ]);
      const now = this.clock.now();
      user.passwordHash = await this.hasher.hash(password);
      user.emailVerifiedAt ??= now;
      user.updatedAt = now;
      await manager.save(user);
      await this.refreshTokens.revokeAllOfUser(manager, user.id);
      if (user.email) await this.lockout.clear(user.email, manager);
      if (hasStaffRole(user.roles)) {
        await this.audit.record(manager, {
          actor: { id: user.id, kind: 'user' },
          action: 'staff.password-set',
          targetType: 'user',
          targetId: user.id,
          details: { via: row.purpose },
          requestId,
        });
      }
    });
  }

  async profile(userId: string): Promise<ProfileDto> {
    const user = await this.accounts.findById(userId);
    if (!user) throw new IdentityProblem('not-found', MESSAGES.accountGone);
    return toProfile(user, await this.accounts.federatedProviders(user.id));
  }

  async updateProfile(userId: string, dto: UpdateProfileDto, traceId: string): Promise<ProfileDto> {
    const user = await this.dataSource.transaction(async (manager) => {
      const found = await this.accounts.findById(userId, manager);
      if (!found) throw new IdentityProblem('not-found', MESSAGES.accountGone);
      if (dto.givenName !== undefined) found.givenName = dto.givenName;
      if (dto.familyName !== undefined) found.familyName = dto.familyName;
      if (dto.locale !== undefined) found.locale = dto.locale;
      // phone and address: absent keeps, null erases
      if (dto.phone !== undefined) found.phone = dto.phone;
      if (dto.address !== undefined) {
        found.addressStreet = dto.address?.street ?? null;
        found.addressPostalCode = dto.address?.postalCode ?? null;
        found.addressCity = dto.address?.city ?? null;
      }
      found.updatedAt = this.clock.now();
      await manager.save(found);
      await this.publishProfileChanged(manager, found, traceId);
      return found;
    });
    return toProfile(user, await this.accounts.federatedProviders(user.id));
  }

  /**
   * Deletes a citizen's account and everything identity holds about them (tokens, links, lockout rows),
   * and tells every service (identity.account-deleted), which erase or anonymise their data in turn.
   */
  async deleteAccount(userId: string, traceId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.accounts.findById(userId, manager);
      if (!user) throw new IdentityProblem('not-found', MESSAGES.accountGone);
      if (user.email) await this.lockout.clear(user.email, manager);
      await manager.delete(UserEntity, { id: user.id }); // tokens and provider links cascade
      await this.outbox.publish(
        manager,
        'identity.account-deleted',
        user.id,
        { userId: user.id },
        { traceId },
      );
    });
  }

  async publishProfileChanged(
    manager: EntityManager,
    user: UserEntity,
    traceId: string | null,
  ): Promise<void> {
    await this.outbox.publish(
      manager,
      'identity.profile-changed',
      user.id,
      {
        userId: user.id,
        email: user.email ?? '',
        givenName: user.givenName,
        familyName: user.familyName,
        locale: user.locale,
        roles: user.roles,
      },
      { traceId },
    );
  }
}
