import type { Locale } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { tableOf } from '../common/sql';
import { PreferenceEntity } from './preference.entity';

@Injectable()
export class PreferencesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(userId: string, manager: EntityManager = this.dataSource.manager): Promise<PreferenceEntity | null> {
    return manager.findOneBy(PreferenceEntity, { userId });
  }

  async save(userId: string, emailEnabled: boolean, locale: Locale | null): Promise<PreferenceEntity> {
    const manager = this.dataSource.manager;
    await manager.query(
      `INSERT INTO ${tableOf(manager, PreferenceEntity)} ("user_id", "email_enabled", "locale")
       VALUES ($1, $2, $3)
       ON CONFLICT ("user_id") DO UPDATE SET
         "email_enabled" = EXCLUDED."email_enabled", "locale" = EXCLUDED."locale", "updated_at" = now()`,
      [userId, emailEnabled, locale],
    );
    return (await this.find(userId))!;
  }

  /** The person chose another language in their profile: from now on mails follow the profile. */
  async clearLocale(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(PreferenceEntity, { userId }, { locale: null, updatedAt: () => 'now()' });
  }

  async delete(manager: EntityManager, userId: string): Promise<void> {
    await manager.delete(PreferenceEntity, { userId });
  }
}
