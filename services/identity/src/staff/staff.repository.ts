import { type Role } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';

/**
 * Queries on staff accounts (rows of `users` with a staff role) for the admin's staff management. Methods
 * that take an EntityManager run in the caller's transaction; the others on their own.
 */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The account with this id (staff or not: the caller decides), row-locked until the transaction ends. */
  lockById(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager
      .createQueryBuilder(UserEntity, 'u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
  }

  /** Staff accounts, newest first, keyset-paginated by id (UUIDv7 sorts by creation). */
  list(options: { limit: number; before?: string; role?: Role }): Promise<UserEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(UserEntity, 'u')
      .where("u.roles && ARRAY['clerk', 'supervisor', 'admin']::text[]")
      .orderBy('u.id', 'DESC')
      .take(options.limit);
    if (options.before) query.andWhere('u.id < :before', { before: options.before });
    if (options.role) query.andWhere(':role = ANY(u.roles)', { role: options.role });
    return query.getMany();
  }

  /** Writes a new account. */
  async insert(manager: EntityManager, fields: DeepPartial<UserEntity>): Promise<UserEntity> {
    const user = manager.create(UserEntity, fields);
    await manager.insert(UserEntity, user);
    return user;
  }

  /** Writes the changed columns of an account. */
  async save(manager: EntityManager, user: UserEntity): Promise<void> {
    await manager.save(user);
  }

  /**
   * Active admins other than `userId`, counted under the admins' advisory lock (held until the caller's
   * transaction ends), so two admins cannot remove each other at once.
   */
  async countOtherActiveAdmins(manager: EntityManager, userId: string): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['identity:admins']);
    return manager
      .createQueryBuilder(UserEntity, 'u')
      .where("'admin' = ANY(u.roles)")
      .andWhere('u.disabled_at IS NULL')
      .andWhere('u.id <> :id', { id: userId })
      .getCount();
  }
}
