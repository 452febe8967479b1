import { type Role } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FederatedIdentityEntity } from '../oidc/oidc.entities';
import { UserEntity } from './user.entity';

/** Queries on accounts. Every method takes the EntityManager of the caller's transaction (or none). */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.manager(manager).findOne(UserEntity, { where: { id } });
  }

  findByEmail(email: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.manager(manager).findOne(UserEntity, { where: { email } });
  }

  /** Serialises work on one address (registration, linking) within the caller's transaction. */
  async lockEmail(manager: EntityManager, email: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`email:${email}`]);
  }

  async federatedProviders(userId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.manager(manager).find(FederatedIdentityEntity, {
      where: { userId },
      order: { provider: 'ASC' },
    });
    return rows.map((row) => row.provider);
  }

  /** Active (not disabled) users holding `role`. */
  countActiveWithRole(role: Role, manager?: EntityManager): Promise<number> {
    return this.manager(manager)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(':role = ANY(u.roles)', { role })
      .andWhere('u.disabled_at IS NULL')
      .getCount();
  }
}
