import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppointmentEntity, OPEN_STATUSES } from './appointment.entity';
import { AppointmentsService } from './appointments.service';

/**
 * A deleted account: its future appointments are cancelled (the slots are free again, with
 * `appointment.cancelled` by `system`), and every appointment of the person loses its personal data.
 * Counts for statistics stay.
 */
@Injectable()
export class AccountsConsumer {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @OnEvent('identity.account-deleted')
  async accountDeleted(
    event: DomainEvent<'identity.account-deleted'>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId } = event.data;
    const now = this.clock.now();
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
        await this.appointments.publish(
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
