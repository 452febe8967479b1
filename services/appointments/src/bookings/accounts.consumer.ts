import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppointmentEntity, OPEN_STATUSES } from './appointment.entity';
import { AppointmentEvents } from './appointment-events';
import { Clock } from '@buergeramt/platform';

/**
 * A resident's names, kept for the agenda (`people`): events of one account may arrive out of order, so
 * the newest wins.
 *
 * A deleted account: its names are removed (a tombstone stays), its future appointments are cancelled (the slots are free again, with
 * `appointment.cancelled` by `system`), and every appointment of the person loses its personal data.
 * Counts for statistics stay.
 */
@Injectable()
export class AccountsConsumer {
  constructor(
    private readonly events: AppointmentEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @OnEvent('identity.profile-changed')
  async profileChanged(
    event: DomainEvent<'identity.profile-changed'>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId, givenName, familyName } = event.data;
    await manager.query(
      `INSERT INTO people (user_id, given_name, family_name, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET given_name = EXCLUDED.given_name,
         family_name = EXCLUDED.family_name, updated_at = EXCLUDED.updated_at
       WHERE people.updated_at <= EXCLUDED.updated_at`,
      [userId, givenName, familyName, event.occurredAt],
    );
  }

  @OnEvent('identity.account-deleted')
  async accountDeleted(
    event: DomainEvent<'identity.account-deleted'>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId } = event.data;
    const now = this.clock.now();
    // a tombstone without names, so that a late profile event cannot bring them back
    await manager.query(
      `INSERT INTO people (user_id, given_name, family_name, updated_at) VALUES ($1, '', '', 'infinity')
       ON CONFLICT (user_id) DO UPDATE SET given_name = '', family_name = '', updated_at = 'infinity'`,
      [userId],
    );
    const rows = await manager
      .createQueryBuilder(AppointmentEntity, 'a')
      .setLock('pessimistic_write')
      .where('a.user_id = :userId', { userId })
      .getMany();
    for (const appointment of rows) {
      const future = appointment.startAt > now;
      const open = OPEN_STATUSES.includes(appointment.status);
      if (future && open) {
        const cancelled: AppointmentEntity = {
          ...appointment,
          status: 'cancelled',
          cancelledAt: now,
          cancelledBy: 'system',
          contactName: null,
          contactEmail: null,
          contactPhone: null,
          anonymisedAt: now,
          updatedAt: now,
        };
        await manager.update(AppointmentEntity, appointment.id, {
          status: 'cancelled',
          cancelledAt: now,
          cancelledBy: 'system',
          expiresAt: null,
        });
        await this.events.publish(
          manager,
          'appointment.cancelled',
          cancelled,
          { cancelledBy: 'system' },
          {
            requestId: event.traceId ?? '',
          },
        );
      }
      await manager.update(AppointmentEntity, appointment.id, {
        userId: null,
        personKey: null,
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        anonymisedAt: now,
        updatedAt: now,
      });
      await this.audit.record(manager, {
        actor: 'system',
        action: 'appointment.anonymised',
        targetType: 'appointment',
        targetId: appointment.id,
        details: { reason: 'identity.account-deleted', cancelled: future && open },
        requestId: event.traceId,
      });
    }
  }
}
