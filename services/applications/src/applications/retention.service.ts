import { returnedRows } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Anonymises the cases of deleted accounts once their retention period after the end has passed. */
@Injectable()
export class RetentionService {
  async anonymiseDue(manager: EntityManager, now: Date, retentionDays: number): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE applications SET owner_id = NULL, data = '{}'::jsonb, document_ids = '{}',
         info_request = NULL, anonymised_at = $1, updated_at = $1,
         decision = CASE WHEN decision IS NULL THEN NULL ELSE decision - 'reason' || '{"reason": ""}'::jsonb END
       WHERE owner_deleted_at IS NOT NULL AND anonymised_at IS NULL
         AND status IN ('approved', 'rejected', 'withdrawn')
         AND coalesce(decided_at, updated_at) <= $1::timestamptz - make_interval(days => $2)
       RETURNING id`,
        [now, retentionDays],
      ),
    );
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      await manager.query(
        `UPDATE application_messages SET body = '', document_ids = '{}', author_id = NULL
         WHERE application_id = ANY ($1::uuid[])`,
        [ids],
      );
      // the timeline keeps every step and its role, but no longer says which citizen took it
      await manager.query(
        `UPDATE application_transitions SET actor_id = NULL
         WHERE application_id = ANY ($1::uuid[]) AND actor_role = 'citizen'`,
        [ids],
      );
      await manager.query(
        `INSERT INTO audit_log (id, actor_type, actor_role, action, target_type, target_id, details)
         SELECT gen_random_uuid(), 'system', 'system', 'application.anonymised', 'application', id::text, '{}'::jsonb
         FROM unnest($1::uuid[]) AS id`,
        [ids],
      );
    }
    return rows.length;
  }
}
