import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import { OneTimeTokenEntity, type TokenPurpose } from './user.entity';

/** A one-time token as it is written: every column but the database's `created_at`. */
export type NewOneTimeToken = Omit<OneTimeTokenEntity, 'createdAt'>;

/**
 * Queries on `one_time_tokens` (mailed links, MFA enrollment; stored as SHA-256). Methods that take an
 * EntityManager run in the caller's transaction; the others on their own.
 */
@Injectable()
export class OneTimeTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, token: NewOneTimeToken): Promise<void> {
    // `as never`: TypeORM's deep-partial insert type cannot express a jsonb `Record<string, unknown>`
    await manager.insert(OneTimeTokenEntity, token as never);
  }

  /** The token with this hash, row-locked until the caller's transaction ends. */
  lockByHash(manager: EntityManager, tokenHash: string): Promise<OneTimeTokenEntity | null> {
    return manager
      .createQueryBuilder(OneTimeTokenEntity, 't')
      .setLock('pessimistic_write')
      .where('t.token_hash = :hash', { hash: tokenHash })
      .getOne();
  }

  async markUsed(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(OneTimeTokenEntity, { id }, { usedAt: at });
  }

  /** Marks every unused token of the user for `purposes` used. */
  async markAllUsed(
    manager: EntityManager,
    userId: string,
    purposes: readonly TokenPurpose[],
    at: Date,
  ): Promise<void> {
    await manager.update(
      OneTimeTokenEntity,
      { userId, purpose: In([...purposes]), usedAt: IsNull() },
      { usedAt: at },
    );
  }

  /** Deletes the tokens that expired before `cutoff`; how many. */
  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    const result = await this.dataSource.manager.delete(OneTimeTokenEntity, { expiresAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
