import { type AccessTokenClaims, type Scope } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserEntity } from '../accounts/user.entity';
import { IdentityProblem } from '../common/identity.errors';
import { hashToken, randomToken } from '../common/secrets';
import { IdentityConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { MESSAGES } from '../common/messages';
import { Clock } from '@buergeramt/platform';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

/** Access tokens (ES256 JWTs, AccessTokenClaims) and rotating refresh tokens. */
@Injectable()
export class TokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly keys: KeysService,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  /** An access token for a person. */
  accessTokenForUser(user: Pick<UserEntity, 'id' | 'roles' | 'locationIds' | 'email'>): Promise<string> {
    const claims: Omit<AccessTokenClaims, 'iss' | 'aud' | 'exp' | 'iat'> = {
      sub: user.id,
      typ: 'user',
      roles: [...user.roles],
    };
    if (user.locationIds) claims.locationIds = [...user.locationIds];
    if (user.email) claims.email = user.email;
    return this.signAccessToken(claims);
  }

  /** An access token for a machine client. */
  accessTokenForClient(clientId: string, scopes: readonly Scope[]): Promise<string> {
    return this.signAccessToken({ sub: clientId, typ: 'client', scope: scopes.join(' ') });
  }

  /** Signs the standard claims (iss, aud, iat, exp, jti) plus `claims`. */
  signAccessToken(claims: Omit<AccessTokenClaims, 'iss' | 'aud' | 'exp' | 'iat'>): Promise<string> {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const full: AccessTokenClaims = {
      ...claims,
      iss: this.config.JWT_ISSUER,
      aud: this.config.JWT_AUDIENCE,
      iat,
      exp: iat + this.config.ACCESS_TOKEN_TTL_SECONDS,
      jti: uuidv7(),
    };
    return this.keys.sign({ ...full });
  }

  /** Starts a new refresh token family (a login). */
  issueRefreshToken(
    manager: EntityManager,
    userId: string,
    familyId = uuidv7(),
  ): Promise<IssuedRefreshToken> {
    return this.insertRefreshToken(manager, userId, familyId);
  }

  /**
   * Uses a refresh token: marks it used and issues the next one of its family. A token that was used
   * before, or revoked, revokes its whole family (someone replays a stolen token, or the thief got in
   * first): 401 either way.
   */
  async rotate(token: string): Promise<{ userId: string; next: IssuedRefreshToken }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await this.refreshTokens.lockByHash(manager, hashToken(token));
      if (!row) return { kind: 'unknown' as const };
      const now = this.clock.now();
      if (row.usedAt || row.revokedAt) {
        await this.refreshTokens.revokeFamily(manager, row.familyId, now);
        return { kind: 'reused' as const };
      }
      if (row.expiresAt <= now) return { kind: 'expired' as const };
      await this.refreshTokens.markUsed(manager, row.id, now);
      const next = await this.insertRefreshToken(manager, row.userId, row.familyId);
      return { kind: 'ok' as const, userId: row.userId, next };
    });
    switch (outcome.kind) {
      case 'ok':
        return { userId: outcome.userId, next: outcome.next };
      case 'reused':
        throw new IdentityProblem('invalid-refresh-token', MESSAGES.refreshReused);
      case 'unknown':
      case 'expired':
        throw new IdentityProblem('invalid-refresh-token', MESSAGES.logInAgain);
    }
  }

  /** Logout: revokes the family of `token` (if it is one of ours). */
  async revokeByToken(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.refreshTokens.findByHash(manager, hashToken(token));
      if (row) await this.refreshTokens.revokeFamily(manager, row.familyId, this.clock.now());
    });
  }

  /** Ends every session of a user (password reset, disabling). */
  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await this.refreshTokens.revokeAllOfUser(manager, userId, this.clock.now());
  }

  /** Removes refresh tokens that expired more than a day ago. */
  async deleteExpired(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - 24 * 3600 * 1000);
    return this.refreshTokens.deleteExpiredBefore(cutoff);
  }

  private async insertRefreshToken(
    manager: EntityManager,
    userId: string,
    familyId: string,
  ): Promise<IssuedRefreshToken> {
    const token = randomToken(32);
    const expiresAt = new Date(
      this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000,
    );
    await this.refreshTokens.insert(manager, {
      id: uuidv7(),
      familyId,
      userId,
      tokenHash: hashToken(token),
      expiresAt,
      usedAt: null,
      revokedAt: null,
    });
    return { token, expiresAt };
  }
}
