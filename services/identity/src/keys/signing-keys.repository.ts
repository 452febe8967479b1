import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';

/**
 * Queries on `signing_keys`. Methods that take an EntityManager run in the caller's transaction (or on
 * their own without one); the others on their own.
 */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises key rotation within the caller's transaction: one advisory lock per schema, so replicas
   * never create two keys (and test schemas never wait for each other).
   */
  async lockRotation(manager: EntityManager): Promise<void> {
    const schema = (this.dataSource.options as { schema?: string }).schema ?? 'identity';
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`signing-keys:${schema}`]);
  }

  /** The one key not retired (a partial unique index allows only one), if there is one yet. */
  findActive(manager: EntityManager = this.dataSource.manager): Promise<SigningKeyEntity | null> {
    return manager.createQueryBuilder(SigningKeyEntity, 'k').where('k.retired_at IS NULL').getOne();
  }

  /** The active key and those retired after `cutoff`, newest first. */
  publishedSince(cutoff: Date): Promise<SigningKeyEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(SigningKeyEntity, 'k')
      .where('k.retired_at IS NULL OR k.retired_at > :cutoff', { cutoff })
      .orderBy('k.created_at', 'DESC')
      .getMany();
  }

  async retire(manager: EntityManager, kid: string, at: Date): Promise<void> {
    await manager.update(SigningKeyEntity, { kid }, { retiredAt: at });
  }

  async insert(manager: EntityManager, key: SigningKeyEntity): Promise<void> {
    // `as never`: TypeORM's deep-partial insert type cannot express a jsonb `Record<string, unknown>`
    await manager.insert(SigningKeyEntity, key as never);
  }

  /** Deletes the keys retired at or before `cutoff`; how many. */
  async deleteRetiredUntil(cutoff: Date): Promise<number> {
    const result = await this.dataSource.manager.delete(SigningKeyEntity, {
      retiredAt: LessThanOrEqual(cutoff),
    });
    return result.affected ?? 0;
  }
}
