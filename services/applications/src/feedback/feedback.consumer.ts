import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Who was served: `appointment.completed` is the basis of appointment feedback, `ticket.completed` (every
 * ticket, walk-ins included, without the person) that of the office figures.
 */
@Injectable()
export class FeedbackConsumer {
  @OnEvent('appointment.completed')
  async completed(event: DomainEvent<'appointment.completed'>, manager: EntityManager): Promise<void> {
    const d = event.data;
    const personKey = d.userId ?? d.contact?.email.trim().toLowerCase() ?? '';
    await manager.query(
      `INSERT INTO served_appointments (appointment_id, person_key, user_id, service_id, location_id, start, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (appointment_id) DO NOTHING`,
      [d.appointmentId, personKey, d.userId, d.serviceId, d.locationId, d.start, d.completedAt],
    );
  }

  @OnEvent('ticket.completed')
  async ticketCompleted(event: DomainEvent<'ticket.completed'>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await manager.query(
      `INSERT INTO served_tickets (ticket_id, location_id, service_id, kind, arrived_at, called_at, completed_at,
                                   wait_minutes, service_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (ticket_id) DO NOTHING`,
      [
        d.ticketId,
        d.locationId,
        d.serviceId,
        d.kind,
        d.arrivedAt,
        d.calledAt,
        d.completedAt,
        Math.max(0, d.waitMinutes),
        Math.max(0, d.serviceMinutes),
      ],
    );
  }
}
