import { Global, Injectable, Module } from '@nestjs/common';
import { appendAudit, type AuthUser } from '@buergeramt/platform';
import type { EntityManager } from 'typeorm';

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
  record(manager: EntityManager, record: AuditRecord): Promise<void> {
    return appendAudit(manager, record);
  }
}

@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
