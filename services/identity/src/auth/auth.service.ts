import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { PasswordHasher } from '../accounts/password-hasher';
import { UserEntity } from '../accounts/user.entity';
import { IdentityProblem } from '../common/identity.errors';
import { MESSAGES } from '../common/messages';
import { MfaService } from '../mfa/mfa.service';
import type { IssuedRefreshToken } from '../tokens/tokens.service';
import { TokensService } from '../tokens/tokens.service';
import type { LoginDto, LoginResponseDto } from './dto/auth.dto';
import { LockoutService } from './lockout.service';
import { Clock } from '@buergeramt/platform';

export interface Session {
  response: LoginResponseDto;
  refresh: IssuedRefreshToken;
}

/** Password login (with lockout and MFA), refresh token rotation, logout. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutService,
    private readonly mfa: MfaService,
    private readonly tokens: TokensService,
    private readonly clock: Clock,
  ) {}

  /**
   * The attempt is counted before the password is checked (lockout `begin`); a wrong password or TOTP
   * code keeps it counted, a login keeps nothing, and any other answer after the right password (TOTP
   * needed, address unverified, …) takes it back.
   */
  async login(dto: LoginDto, traceId: string): Promise<Session> {
    const attempt = await this.lockout.begin(dto.email);
    let settled = false;
    try {
      const user = await this.accounts.findByEmail(dto.email);
      // an unknown address costs one argon2 verification too (of a dummy hash)
      const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
      if (!user || !passwordOk) {
        settled = true;
        await this.lockout.fail(attempt, user, traceId);
        throw new IdentityProblem('invalid-credentials');
      }
      if (user.disabledAt) throw new IdentityProblem('account-disabled', MESSAGES.accountDisabled);
      if (!user.emailVerifiedAt) throw new IdentityProblem('email-not-verified', MESSAGES.emailNotVerified);
      if (user.totpEnabledAt) {
        if (!dto.totp) throw new IdentityProblem('mfa-required', MESSAGES.mfaCodeNeeded);
        if (!(await this.mfa.verifyLoginCode(user, dto.totp))) {
          settled = true;
          await this.lockout.fail(attempt, user, traceId);
          throw new IdentityProblem('mfa-required', MESSAGES.mfaCodeRejected, { reason: 'invalid-code' });
        }
      } else if (this.mfa.enrollmentRequired(user)) {
        const enrollmentToken = await this.mfa.issueEnrollmentToken(user.id);
        throw new IdentityProblem('mfa-enrollment-required', MESSAGES.mfaEnrollment, { enrollmentToken });
      }
      settled = true;
      await this.lockout.clear(dto.email);
      return await this.startSession(user);
    } finally {
      if (!settled) await this.lockout.release(attempt);
    }
  }

  /** A new session (refresh token family) for a user who has proven who they are. */
  async startSession(user: UserEntity): Promise<Session> {
    const refresh = await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { lastLoginAt: this.clock.now() });
      return this.tokens.issueRefreshToken(manager, user.id);
    });
    return { response: await this.sessionResponse(user), refresh };
  }

  /**
   * A session right after the TOTP enrollment of log-in (`POST /auth/mfa/enroll/confirm` with
   * `startSession`): the enrollment token proved the password, the first code the second factor, so this
   * is a successful log-in and clears the address's failed attempts as one does.
   */
  async sessionAfterEnrollment(user: UserEntity): Promise<Session> {
    if (user.email) await this.lockout.clear(user.email);
    return this.startSession(user);
  }

  async refresh(token: string): Promise<Session> {
    const { userId, next } = await this.tokens.rotate(token);
    const user = await this.accounts.findById(userId);
    if (!user || user.disabledAt) {
      await this.tokens.revokeByToken(next.token);
      throw new IdentityProblem('invalid-refresh-token', MESSAGES.logInAgain);
    }
    return { response: await this.sessionResponse(user), refresh: next };
  }

  logout(token: string): Promise<void> {
    return this.tokens.revokeByToken(token);
  }

  private async sessionResponse(user: UserEntity): Promise<LoginResponseDto> {
    return {
      accessToken: await this.tokens.accessTokenForUser(user),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      user: {
        id: user.id,
        email: user.email,
        givenName: user.givenName,
        familyName: user.familyName,
        roles: user.roles,
        ...(user.locationIds ? { locationIds: [...user.locationIds] } : {}),
      },
    };
  }
}
