import { Injectable } from '@nestjs/common';
import {
  type AuditEntryEntity,
  type AuditRecord as PlatformAuditRecord,
  type AuthUser,
  appendAudit,
  auditEntry,
} from '@buergeramt/platform';
import type { EntityManager } from 'typeorm';

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

export type AuditRecord = PlatformAuditRecord<AuditAction, 'appointment' | 'ticket' | 'location'> & {
  actor: AuditActor;
};

/** Writes audit entries, always inside the transaction of the change (or read) they describe. */
@Injectable()
export class AuditService {
  record(manager: EntityManager, record: AuditRecord): Promise<void> {
    return appendAudit(manager, record);
  }

  /** The entry, for a write the database makes itself (the booking function). */
  entry(record: AuditRecord): Omit<AuditEntryEntity, 'at'> {
    return auditEntry(record);
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
