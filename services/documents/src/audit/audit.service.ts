import { Global, Injectable, Module } from '@nestjs/common';
import type { AuthUser } from '@buergeramt/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditEntryEntity } from './audit-entry.entity';

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
    const actor = record.actor === 'system' ? null : record.actor;
    await manager.insert(AuditEntryEntity, {
      id: uuidv7(),
      actorId: actor?.id ?? null,
      actorType: actor ? actor.kind : 'system',
      action: record.action,
      documentId: record.documentId,
      details: (record.details ?? {}) as never,
      requestId: record.requestId ?? null,
    });
  }
}

@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
