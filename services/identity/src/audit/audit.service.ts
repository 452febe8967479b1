import { Injectable } from '@nestjs/common';
import { appendAudit, type AuditRecord as PlatformAuditRecord, type AuthUser } from '@buergeramt/platform';
import type { EntityManager } from 'typeorm';

export type AuditAction =
  | 'staff.created'
  | 'staff.updated'
  | 'staff.disabled'
  | 'staff.enabled'
  | 'staff.mfa-reset'
  | 'staff.password-set'
  | 'staff.mfa-enrolled'
  | 'api-client.created'
  | 'api-client.deleted'
  | 'admin.bootstrapped'
  | 'demo.seeded';

export type AuditRecord = PlatformAuditRecord<AuditAction, 'user' | 'api-client'> & {
  actor: AuthUser | 'system' | { id: string; kind: 'user' };
};

/** Writes audit entries, always inside the transaction of the change they describe. */
@Injectable()
export class AuditService {
  record(manager: EntityManager, record: AuditRecord): Promise<void> {
    return appendAudit(manager, record);
  }
}
