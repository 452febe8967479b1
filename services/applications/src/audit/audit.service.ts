import { Global, Injectable, Module } from '@nestjs/common';
import type { AuthUser } from '@buergeramt/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { actorRoleOf } from '../common/actor';

export type AuditAction =
  | 'application.read'
  | 'application.listed'
  | 'application.timeline-read'
  | 'application.messages-read'
  | 'application.audit-read'
  | 'application.assigned'
  | 'application.review-started'
  | 'application.info-requested'
  | 'application.decided'
  | 'application.message-posted'
  | 'application.anonymised'
  | 'service.created'
  | 'service.updated'
  | 'form.published'
  | 'webhook.created'
  | 'webhook.deleted'
  | 'webhook.redelivered'
  | 'feedback.read'
  | 'demo.seeded';

export interface AuditRecord {
  actor: AuthUser | 'system';
  action: AuditAction;
  targetType: 'application' | 'service' | 'form' | 'webhook' | 'feedback' | 'catalogue';
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/**
 * The append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE): every staff or machine read
 * of a case and every change, written in the transaction of the change (or of the read).
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const actor = record.actor === 'system' ? null : record.actor;
    await manager.query(
      `INSERT INTO audit_log (id, actor_id, actor_type, actor_role, action, target_type, target_id, details, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        uuidv7(),
        actor?.id ?? null,
        actor ? (actor.kind === 'client' ? 'client' : 'user') : 'system',
        actorRoleOf(record.actor),
        record.action,
        record.targetType,
        record.targetId,
        JSON.stringify(record.details ?? {}),
        record.requestId ?? null,
      ],
    );
  }
}

@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
