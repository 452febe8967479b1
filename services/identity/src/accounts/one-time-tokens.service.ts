import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { type EntityManager, In, IsNull } from 'typeorm';
import { IdentityProblem } from '../common/identity.errors';
import { hashToken, randomToken } from '../common/secrets';
import { OneTimeTokenEntity, type TokenPurpose } from './user.entity';
import { MESSAGES } from '../common/messages';
import { Clock } from '@buergeramt/platform';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Single-use, expiring tokens (stored as SHA-256), for links in mails and MFA enrollment. */
@Injectable()
export class OneTimeTokensService {
  constructor(private readonly clock: Clock) {}

  async issue(
    manager: EntityManager,
    userId: string,
    purpose: TokenPurpose,
    ttlSeconds: number,
    payload: Record<string, unknown> | null = null,
  ): Promise<IssuedToken> {
    const token = randomToken(32);
    const expiresAt = new Date(this.clock.now().getTime() + ttlSeconds * 1000);
    await manager.insert(OneTimeTokenEntity, {
      id: uuidv7(),
      userId,
      purpose,
      tokenHash: hashToken(token),
      payload: payload as never,
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
    const row = await manager
      .getRepository(OneTimeTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :hash', { hash: hashToken(token) })
      .getOne();
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
    await manager.update(OneTimeTokenEntity, { id: row.id }, { usedAt: this.clock.now() });
    return row;
  }

  /** Invalidates every open token of the user for `purposes`. */
  async invalidateAll(
    manager: EntityManager,
    userId: string,
    purposes: readonly TokenPurpose[],
  ): Promise<void> {
    await manager.update(
      OneTimeTokenEntity,
      { userId, purpose: In([...purposes]), usedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
  }

  /** Removes tokens that expired more than a day ago. */
  async deleteExpired(manager: EntityManager): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - 24 * 3600 * 1000);
    const result = await manager
      .getRepository(OneTimeTokenEntity)
      .createQueryBuilder()
      .delete()
      .where('expires_at < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }
}
