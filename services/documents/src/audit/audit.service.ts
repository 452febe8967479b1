import { Global, Injectable, Module } from '@nestjs/common';
import { appendAudit, type AuthUser } from '@buergeramt/platform';
import type { EntityManager } from 'typeorm';

export type AuditAction =
  | 'document.uploaded'
  | 'document.scanned'
  | 'document.read'
  | 'document.downloaded'
  | 'document.deleted'
  | 'document.issued'
  | 'document.erased'
  | 'document.owner-deleted'
  | 'demo.seeded';

export interface AuditRecord {
  actor: AuthUser | 'system';
  action: AuditAction;
  documentId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes audit entries, inside the transaction of the change they describe. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await appendAudit(manager, {
      actor: record.actor,
      action: record.action,
      targetType: 'document',
      targetId: record.documentId,
      details: record.details,
      requestId: record.requestId,
    });
  }
}

@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
