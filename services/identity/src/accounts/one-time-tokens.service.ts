import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { IdentityProblem } from '../common/identity.errors';
import { hashToken, randomToken } from '../common/secrets';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import type { OneTimeTokenEntity, TokenPurpose } from './user.entity';
import { MESSAGES } from '../common/messages';
import { Clock } from '@buergeramt/platform';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Single-use, expiring tokens (stored as SHA-256), for links in mails and MFA enrollment. */
@Injectable()
export class OneTimeTokensService {
  constructor(
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly clock: Clock,
  ) {}

  async issue(
    manager: EntityManager,
    userId: string,
    purpose: TokenPurpose,
    ttlSeconds: number,
    payload: Record<string, unknown> | null = null,
  ): Promise<IssuedToken> {
    const token = randomToken(32);
    const expiresAt = new Date(this.clock.now().getTime() + ttlSeconds * 1000);
    await this.oneTimeTokens.insert(manager, {
      id: uuidv7(),
      userId,
      purpose,
      tokenHash: hashToken(token),
      payload,
      expiresAt,
      usedAt: null,
    });
    return { token, expiresAt };
  }

  /** The valid (unused, unexpired) token row for `token`, locked for the transaction; 400 invalid-token otherwise. */
  async find(
    manager: EntityManager,
    token: string,
    purposes: readonly TokenPurpose[],
  ): Promise<OneTimeTokenEntity> {
    const row = await this.oneTimeTokens.lockByHash(manager, hashToken(token));
    if (!row || !purposes.includes(row.purpose) || row.usedAt || row.expiresAt <= this.clock.now()) {
      throw new IdentityProblem('invalid-token', MESSAGES.invalidToken);
    }
    return row;
  }

  /** Marks the token used: it never works again. */
  async consume(
    manager: EntityManager,
    token: string,
    purposes: readonly TokenPurpose[],
  ): Promise<OneTimeTokenEntity> {
    const row = await this.find(manager, token, purposes);
    await this.oneTimeTokens.markUsed(manager, row.id, this.clock.now());
    return row;
  }

  /** Invalidates every open token of the user for `purposes`. */
  async invalidateAll(
    manager: EntityManager,
    userId: string,
    purposes: readonly TokenPurpose[],
  ): Promise<void> {
    await this.oneTimeTokens.markAllUsed(manager, userId, purposes, this.clock.now());
  }

  /** Removes tokens that expired more than a day ago. */
  deleteExpired(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - 24 * 3600 * 1000);
    return this.oneTimeTokens.deleteExpiredBefore(cutoff);
  }
}
