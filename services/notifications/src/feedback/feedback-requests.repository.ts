import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { tableOf } from '../common/sql';
import { FeedbackRequestEntity } from './feedback-request.entity';

@Injectable()
export class FeedbackRequestsRepository {
  /**
   * Records a request for the person unless they were asked within `intervalDays`; atomic, so two events
   * processed at the same time cannot both ask. Resolves with whether the person may be asked now.
   */
  async claim(
    manager: EntityManager,
    personKey: string,
    subject: { type: string; id: string },
    intervalDays: number,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${tableOf(manager, FeedbackRequestEntity)} AS f
         ("person_key", "last_requested_at", "subject_type", "subject_id")
       VALUES ($1, now(), $2, $3)
       ON CONFLICT ("person_key") DO UPDATE SET
         "last_requested_at" = now(), "subject_type" = EXCLUDED."subject_type", "subject_id" = EXCLUDED."subject_id"
       WHERE f."last_requested_at" <= now() - make_interval(days => $4)
       RETURNING "person_key"`,
      [personKey, subject.type, subject.id, intervalDays],
    );
    return rows.length > 0;
  }

  async delete(manager: EntityManager, personKey: string): Promise<void> {
    await manager.delete(FeedbackRequestEntity, { personKey });
  }
}
