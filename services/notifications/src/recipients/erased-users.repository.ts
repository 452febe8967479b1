import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { tableOf } from '../common/sql';
import { ErasedUserEntity } from './erased-user.entity';

@Injectable()
export class ErasedUsersRepository {
  async add(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${tableOf(manager, ErasedUserEntity)} ("user_id") VALUES ($1) ON CONFLICT DO NOTHING`,
      [userId],
    );
  }

  isErased(manager: EntityManager, userId: string): Promise<boolean> {
    return manager.existsBy(ErasedUserEntity, { userId });
  }
}
