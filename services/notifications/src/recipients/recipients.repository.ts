import type { Locale } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { tableOf } from '../common/sql';
import { RecipientEntity } from './recipient.entity';

export interface RecipientData {
  userId: string;
  email: string;
  givenName: string;
  /** null keeps what is known (the identity mail events carry no family name) */
  familyName: string | null;
  locale: Locale;
}

export interface UpsertOutcome {
  /** false when the row holds data from a newer event */
  applied: boolean;
  /** the locale known before, null for a new recipient */
  previousLocale: Locale | null;
}

@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(userId: string, manager: EntityManager = this.dataSource.manager): Promise<RecipientEntity | null> {
    return manager.findOneBy(RecipientEntity, { userId });
  }

  /**
   * Serialises, until the end of the transaction, everything that reads or writes what is known of one
   * person: a mail decided while the person's profile arrives in a parallel transaction would otherwise
   * see no profile, while the profile's transaction sees no waiting mail, and the mail would wait in vain.
   */
  async lockPerson(manager: EntityManager, userId: string): Promise<void> {
    const table = tableOf(manager, RecipientEntity);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${table}:${userId}`]);
  }

  /** Writes what an event says about a person, unless a newer event already did. */
  async upsert(manager: EntityManager, data: RecipientData, occurredAt: string): Promise<UpsertOutcome> {
    const table = tableOf(manager, RecipientEntity);
    const before: { locale: Locale; source_event_at: Date }[] = await manager.query(
      `SELECT "locale", "source_event_at" FROM ${table} WHERE "user_id" = $1 FOR UPDATE`,
      [data.userId],
    );
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${table} AS r ("user_id", "email", "given_name", "family_name", "locale", "source_event_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("user_id") DO UPDATE SET
         "email" = EXCLUDED."email",
         "given_name" = EXCLUDED."given_name",
         "family_name" = COALESCE(EXCLUDED."family_name", r."family_name"),
         "locale" = EXCLUDED."locale",
         "source_event_at" = EXCLUDED."source_event_at",
         "updated_at" = now()
       WHERE r."source_event_at" <= EXCLUDED."source_event_at"
       RETURNING "user_id"`,
      [data.userId, data.email, data.givenName, data.familyName, data.locale, occurredAt],
    );
    return { applied: rows.length > 0, previousLocale: before[0]?.locale ?? null };
  }

  async delete(manager: EntityManager, userId: string): Promise<void> {
    await manager.delete(RecipientEntity, { userId });
  }
}
