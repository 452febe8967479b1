import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { highestStaffRole } from '@buergeramt/contracts';
import type { AuthUser } from '../auth/auth-user';
import { AuditEntryEntity } from './audit-entry.entity';

/** Who acted: a person or machine client (from a token, or known by id), the system, or a guest. */
export type AuditActor =
  (Pick<AuthUser, 'id' | 'kind'> & Partial<Pick<AuthUser, 'roles'>>) | 'system' | 'guest';

/**
 * The role an actor acted in, as the audit log, the case timeline and messages record it: the highest
 * staff role of a person (else their first role, else `citizen`), `client`, `system` or `guest`; null for
 * a person known only by id.
 */
export function actorRole(actor: AuditActor): string | null {
  if (typeof actor === 'string') return actor;
  if (actor.kind === 'client') return 'client';
  if (!actor.roles) return null;
  return highestStaffRole(actor.roles) ?? actor.roles[0] ?? 'citizen';
}

/** What a service records; each service narrows `action` and `targetType` to its own vocabulary. */
export interface AuditRecord<Action extends string = string, Target extends string = string> {
  actor: AuditActor;
  action: Action;
  targetType: Target;
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  /** the role the actor acted in; by default what `actorRole` makes of the actor */
  actorRole?: string | null;
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
    actorRole: record.actorRole !== undefined ? record.actorRole : actorRole(record.actor),
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    details: record.details ?? {},
    requestId: record.requestId ?? null,
  };
}
