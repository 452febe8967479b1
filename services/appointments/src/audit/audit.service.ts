import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@buergeramt/platform';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export type AuditAction =
  | 'appointment.booked'
  | 'appointment.confirmed'
  | 'appointment.cancelled'
  | 'appointment.rescheduled'
  | 'appointment.expired'
  | 'appointment.read'
  | 'appointment.anonymised'
  | 'agenda.read'
  | 'ticket.created'
  | 'ticket.called'
  | 'ticket.started'
  | 'ticket.completed'
  | 'ticket.no-show'
  | 'ticket.recalled'
  | 'location.changed'
  | 'demo.seeded';

/** Who acted: a person or client from a token, a guest holding a manage token, or the system. */
export type AuditActor = AuthUser | 'guest' | 'system';

export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  targetType: 'appointment' | 'ticket' | 'location';
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes audit entries, always inside the transaction of the change (or read) they describe. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const actor = typeof record.actor === 'string' ? null : record.actor;
    await manager.insert(AuditEntryEntity, {
      id: uuidv7(),
      actorId: actor?.id ?? null,
      actorType: actor ? actor.kind : (record.actor as 'guest' | 'system'),
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      details: (record.details ?? {}) as never,
      requestId: record.requestId ?? null,
    });
  }

  /** A change of a location's configuration, by an admin (`change` names what changed). */
  locationChanged(
    manager: EntityManager,
    ctx: { actor: AuthUser; requestId: string },
    locationId: string,
    change: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.record(manager, {
      actor: ctx.actor,
      action: 'location.changed',
      targetType: 'location',
      targetId: locationId,
      details: { change, ...details },
      requestId: ctx.requestId,
    });
  }
}
