import { Role, hasStaffRole } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxPublisher } from '@buergeramt/messaging';
import { type AuthUser, DEFAULT_LIMIT, decodeCursor, toPage, Clock } from '@buergeramt/platform';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountsService } from '../accounts/accounts.service';
import { OneTimeTokensService } from '../accounts/one-time-tokens.service';
import type { UserEntity } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { IdentityProblem } from '../common/identity.errors';
import { IdentityConfig } from '../config';
import { TokensService } from '../tokens/tokens.service';
import { StaffRepository } from './staff.repository';
import type {
  CreateStaffDto,
  StaffDto,
  StaffListQueryDto,
  StaffPageDto,
  UpdateStaffDto,
} from './dto/staff.dto';
import { MESSAGES } from '../common/messages';

export function toStaffDto(user: UserEntity): StaffDto {
  return {
    id: user.id,
    email: user.email ?? '',
    givenName: user.givenName,
    familyName: user.familyName,
    roles: user.roles,
    locationIds: user.locationIds,
    locale: user.locale,
    status: user.disabledAt ? 'disabled' : user.passwordHash ? 'active' : 'invited',
    mfaEnabled: Boolean(user.totpEnabledAt),
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

export interface ActionContext {
  actor: AuthUser;
  requestId: string;
}

/** Admin-managed staff accounts. Every change is audited in the same transaction. */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly accounts: AccountsRepository,
    private readonly accountsService: AccountsService,
    private readonly tokens: OneTimeTokensService,
    private readonly sessions: TokensService,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  async list(query: StaffListQueryDto): Promise<StaffPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.staff.list({
      limit: limit + 1,
      before: decodeCursor(query.cursor) ?? undefined,
      role: query.role,
    });
    return toPage(rows, limit, toStaffDto);
  }

  async get(id: string): Promise<StaffDto> {
    return toStaffDto(await this.requireStaff(id));
  }

  /** Creates a staff account without a password and mails an invitation to set one. */
  async create(dto: CreateStaffDto, context: ActionContext): Promise<StaffDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.accounts.lockEmail(manager, dto.email);
      if (await this.accounts.findByEmail(dto.email, manager)) {
        throw new IdentityProblem('email-taken', MESSAGES.emailTaken);
      }
      const now = this.clock.now();
      const user = await this.staff.insert(manager, {
        id: uuidv7(),
        email: dto.email,
        emailVerifiedAt: null,
        passwordHash: null,
        givenName: dto.givenName,
        familyName: dto.familyName,
        locale: dto.locale ?? 'de',
        roles: [...dto.roles],
        locationIds: dto.locationIds && dto.locationIds.length > 0 ? dto.locationIds : null,
        createdBy: context.actor.id,
        createdAt: now,
        updatedAt: now,
      });
      await this.invite(manager, user, context.requestId);
      await this.audit.record(manager, {
        actor: context.actor,
        action: 'staff.created',
        targetType: 'user',
        targetId: user.id,
        details: { roles: user.roles, locationIds: user.locationIds },
        requestId: context.requestId,
      });
      await this.accountsService.publishProfileChanged(manager, user, context.requestId);
      return toStaffDto(user);
    });
  }

  async update(id: string, dto: UpdateStaffDto, context: ActionContext): Promise<StaffDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.requireStaff(id, manager);
      const before = {
        roles: user.roles,
        locationIds: user.locationIds,
        givenName: user.givenName,
        familyName: user.familyName,
      };
      if (dto.roles && user.roles.includes(Role.Admin) && !dto.roles.includes(Role.Admin)) {
        await this.ensureAnotherAdmin(manager, user);
      }
      if (dto.givenName !== undefined) user.givenName = dto.givenName;
      if (dto.familyName !== undefined) user.familyName = dto.familyName;
      if (dto.locale !== undefined) user.locale = dto.locale;
      if (dto.roles !== undefined) user.roles = [...dto.roles];
      if (dto.locationIds !== undefined)
        user.locationIds = dto.locationIds && dto.locationIds.length > 0 ? dto.locationIds : null;
      user.updatedAt = this.clock.now();
      await this.staff.save(manager, user);
      const changed = Object.fromEntries(
        Object.entries(before)
          .filter(
            ([key, value]) => JSON.stringify(value) !== JSON.stringify(user[key as keyof typeof before]),
          )
          .map(([key, value]) => [key, { from: value, to: user[key as keyof typeof before] }]),
      );
      await this.audit.record(manager, {
        actor: context.actor,
        action: 'staff.updated',
        targetType: 'user',
        targetId: user.id,
        details: changed,
        requestId: context.requestId,
      });
      await this.accountsService.publishProfileChanged(manager, user, context.requestId);
      return toStaffDto(user);
    });
  }

  /** Disables an account: no login, every session ended (access tokens run out within their 10 minutes). */
  async disable(id: string, context: ActionContext): Promise<StaffDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.requireStaff(id, manager);
      if (!user.disabledAt) {
        if (user.roles.includes(Role.Admin)) await this.ensureAnotherAdmin(manager, user);
        user.disabledAt = this.clock.now();
        user.updatedAt = user.disabledAt;
        await this.staff.save(manager, user);
        await this.sessions.revokeAllOfUser(manager, user.id);
        await this.audit.record(manager, {
          actor: context.actor,
          action: 'staff.disabled',
          targetType: 'user',
          targetId: user.id,
          requestId: context.requestId,
        });
      }
      return toStaffDto(user);
    });
  }

  /**
   * Resets a staff member's TOTP (a lost phone): the secret is removed, so the person enrolls again at the
   * next log-in (403 mfa-enrollment-required where MFA is required); every session ends. Audited.
   */
  async resetMfa(id: string, context: ActionContext): Promise<StaffDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.requireStaff(id, manager);
      const wasEnabled = Boolean(user.totpEnabledAt);
      user.totpSecret = null;
      user.totpEnabledAt = null;
      user.totpPendingSecret = null;
      user.totpLastStep = null;
      user.updatedAt = this.clock.now();
      await this.staff.save(manager, user);
      await this.sessions.revokeAllOfUser(manager, user.id);
      await this.audit.record(manager, {
        actor: context.actor,
        action: 'staff.mfa-reset',
        targetType: 'user',
        targetId: user.id,
        details: { wasEnabled },
        requestId: context.requestId,
      });
      return toStaffDto(user);
    });
  }

  async enable(id: string, context: ActionContext): Promise<StaffDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.requireStaff(id, manager);
      if (user.disabledAt) {
        user.disabledAt = null;
        user.updatedAt = this.clock.now();
        await this.staff.save(manager, user);
        await this.audit.record(manager, {
          actor: context.actor,
          action: 'staff.enabled',
          targetType: 'user',
          targetId: user.id,
          requestId: context.requestId,
        });
      }
      return toStaffDto(user);
    });
  }

  /** Issues an invitation token and publishes the mail event. */
  async invite(manager: EntityManager, user: UserEntity, traceId: string | null): Promise<void> {
    if (!user.email) return;
    await this.tokens.invalidateAll(manager, user.id, ['invitation']);
    const issued = await this.tokens.issue(
      manager,
      user.id,
      'invitation',
      this.config.INVITATION_TTL_DAYS * 24 * 3600,
    );
    await this.outbox.publish(
      manager,
      'identity.staff-invited',
      user.id,
      {
        userId: user.id,
        email: user.email,
        givenName: user.givenName,
        locale: user.locale,
        roles: user.roles,
        token: issued.token,
        expiresAt: issued.expiresAt.toISOString(),
      },
      { traceId },
    );
  }

  private async ensureAnotherAdmin(manager: EntityManager, user: UserEntity): Promise<void> {
    const others = await this.staff.countOtherActiveAdmins(manager, user.id);
    if (others === 0) throw new IdentityProblem('last-admin', MESSAGES.lastAdmin);
  }

  /** The staff account `id`, row-locked for the transaction of `manager` if one is given; 404 otherwise. */
  private async requireStaff(id: string, manager?: EntityManager): Promise<UserEntity> {
    const user = manager ? await this.staff.lockById(manager, id) : await this.accounts.findById(id);
    if (!user || !hasStaffRole(user.roles)) throw new IdentityProblem('not-found', MESSAGES.noStaffAccount);
    return user;
  }
}
