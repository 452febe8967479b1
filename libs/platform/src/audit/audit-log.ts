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

/**
 * The entry of `record` as SQL for a statement of the caller's own (e.g. a data-modifying CTE beside the
 * change it records): `${row.insertInto} VALUES (${row.values})`, placeholders from `firstParam`. The table is
 * the service's `audit_log`, found on the connection's search path (the service's schema first).
 */
export function auditRow(
  record: AuditRecord,
  firstParam = 1,
): { insertInto: string; values: string; params: unknown[] } {
  const entry = auditEntry(record);
  const $ = (i: number) => `$${firstParam + i}`;
  return {
    insertInto: `INSERT INTO audit_log ("id", "actor_id", "actor_type", "actor_role", "action", "target_type", "target_id", "details", "request_id")`,
    values: `${$(0)}::uuid, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${$(4)}::text, ${$(5)}::text, ${$(6)}::text, ${$(7)}::jsonb, ${$(8)}::text`,
    params: [
      entry.id,
      entry.actorId,
      entry.actorType,
      entry.actorRole,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.details),
      entry.requestId,
    ],
  };
}
