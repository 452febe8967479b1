import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, LessThan } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

/** A refresh token as it is written: every column but the database's `created_at`. */
export type NewRefreshToken = Omit<RefreshTokenEntity, 'createdAt'>;

/**
 * Queries on `refresh_tokens` (stored as SHA-256). Methods that take an EntityManager run in the caller's
 * transaction; the others on their own.
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The token with this hash, row-locked until the caller's transaction ends (rotation). */
  lockByHash(manager: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return manager
      .createQueryBuilder(RefreshTokenEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.token_hash = :hash', { hash: tokenHash })
      .getOne();
  }

  findByHash(manager: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return manager.findOne(RefreshTokenEntity, { where: { tokenHash } });
  }

  async insert(manager: EntityManager, token: NewRefreshToken): Promise<void> {
    await manager.insert(RefreshTokenEntity, token);
  }

  async markUsed(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(RefreshTokenEntity, { id }, { usedAt: at });
  }

  /** Revokes the tokens of a family (one login) that are not revoked yet. */
  async revokeFamily(manager: EntityManager, familyId: string, at: Date): Promise<void> {
    await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Revokes every token of a user that is not revoked yet (every session ends). */
  async revokeAllOfUser(manager: EntityManager, userId: string, at: Date): Promise<void> {
    await manager.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Deletes the tokens that expired before `cutoff`; how many. */
  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    const result = await this.dataSource.manager.delete(RefreshTokenEntity, { expiresAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
