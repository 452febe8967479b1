import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@buergeramt/platform';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export type AuditAction =
  | 'staff.created'
  | 'staff.updated'
  | 'staff.disabled'
  | 'staff.enabled'
  | 'staff.password-set'
  | 'staff.mfa-enrolled'
  | 'api-client.created'
  | 'api-client.deleted'
  | 'admin.bootstrapped'
  | 'demo.seeded';

export interface AuditRecord {
  actor: AuthUser | 'system' | { id: string; kind: 'user' };
  action: AuditAction;
  targetType: 'user' | 'api-client';
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes audit entries, always inside the transaction of the change they describe. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const actor = record.actor === 'system' ? null : record.actor;
    await manager.insert(AuditEntryEntity, {
      id: uuidv7(),
      actorId: actor?.id ?? null,
      actorType: actor ? (actor.kind === 'client' ? 'client' : 'user') : 'system',
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      details: (record.details ?? {}) as never,
      requestId: record.requestId ?? null,
    });
  }
}
