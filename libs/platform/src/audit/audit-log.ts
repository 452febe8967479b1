import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AuditEntryEntity } from './audit-entry.entity';

/** Who acted: a person or machine client (from a token, or known by id), the system, or a guest. */
export type AuditActor = Pick<AuthUser, 'id' | 'kind'> | 'system' | 'guest';

/** What a service records; each service narrows `action` and `targetType` to its own vocabulary. */
export interface AuditRecord<Action extends string = string, Target extends string = string> {
  actor: AuditActor;
  action: Action;
  targetType: Target;
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Appends an entry, inside the transaction of the change (or read) it describes. */
export async function appendAudit(manager: EntityManager, record: AuditRecord): Promise<void> {
  const entry = auditEntry(record);
  await manager.insert(AuditEntryEntity, { ...entry, details: entry.details as never });
}

/** The row `record` becomes (its time is the database's); for a write that does not go through TypeORM. */
export function auditEntry(record: AuditRecord): Omit<AuditEntryEntity, 'at'> {
  const actor = typeof record.actor === 'string' ? null : record.actor;
  return {
    id: uuidv7(),
    actorId: actor?.id ?? null,
    actorType: actor ? actor.kind : (record.actor as 'system' | 'guest'),
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    details: record.details ?? {},
    requestId: record.requestId ?? null,
  };
}
