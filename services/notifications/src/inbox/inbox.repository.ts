import { affectedRows } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { tableOf } from '../common/sql';
import type { MailKind } from '../templates/mail-kinds';
import { NotificationEntity } from './notification.entity';

export interface NewInboxEntry {
  userId: string;
  dedupeKey: string;
  type: MailKind;
  params: Record<string, unknown>;
  link: string | null;
}

@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The statement that adds an entry unless one with the same key exists, for a data-modifying CTE of the
   * caller's (the notify service writes it beside the mail's delivery row); placeholders from `firstParam`.
   */
  addition(
    manager: EntityManager,
    entry: NewInboxEntry,
    firstParam: number,
  ): { sql: string; params: unknown[] } {
    const $ = (i: number) => `$${firstParam + i}`;
    return {
      sql: `INSERT INTO ${tableOf(manager, NotificationEntity)} ("id", "user_id", "dedupe_key", "type", "params", "link")
            VALUES (${$(0)}::uuid, ${$(1)}::uuid, ${$(2)}::text, ${$(3)}::text, ${$(4)}::jsonb, ${$(5)}::text)
            ON CONFLICT ("dedupe_key") DO NOTHING`,
      params: [uuidv7(), entry.userId, entry.dedupeKey, entry.type, JSON.stringify(entry.params), entry.link],
    };
  }

  /** A page of a person's entries, newest first (`limit + 1` rows, so the caller knows if there is more). */
  list(
    userId: string,
    options: { limit: number; before: string | null; unreadOnly: boolean },
  ): Promise<NotificationEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(NotificationEntity, 'n')
      .where('n.userId = :userId', { userId })
      .orderBy('n.id', 'DESC')
      .limit(options.limit + 1);
    if (options.before) query.andWhere('n.id < :before', { before: options.before });
    if (options.unreadOnly) query.andWhere('n.readAt IS NULL');
    return query.getMany();
  }

  countUnread(userId: string): Promise<number> {
    return this.dataSource.manager
      .createQueryBuilder(NotificationEntity, 'n')
      .where('n.userId = :userId AND n.readAt IS NULL', { userId })
      .getCount();
  }

  /** Marks the person's entry read (the first time counts); false when there is no such entry of theirs. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const manager = this.dataSource.manager;
    const result: unknown = await manager.query(
      `UPDATE ${tableOf(manager, NotificationEntity)} SET "read_at" = COALESCE("read_at", now())
        WHERE "id" = $1 AND "user_id" = $2`,
      [id, userId],
    );
    return affectedRows(result) === 1;
  }

  async deleteForUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.delete(NotificationEntity, { userId });
  }
}
