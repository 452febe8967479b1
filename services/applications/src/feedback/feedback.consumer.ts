import type { AppointmentPayload, DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Who was served: `appointment.completed` is the basis of appointment feedback, `ticket.completed` (every
 * ticket, walk-ins included, without the person) that of the office figures.
 */
@Injectable()
export class FeedbackConsumer {
  /** Known before its end, so that early feedback is refused as such (409), not as unknown (404). */
  @OnEvent('appointment.booked')
  async booked(event: DomainEvent<'appointment.booked'>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await manager.query(
      `INSERT INTO booked_appointments (appointment_id, person_key, user_id, start)
       SELECT $1, $2, $3, $4
        WHERE NOT EXISTS (SELECT 1 FROM served_appointments WHERE appointment_id = $1)
       ON CONFLICT (appointment_id) DO NOTHING`,
      [d.appointmentId, personKeyOf(d), d.userId, d.start],
    );
  }

  @OnEvent('appointment.completed')
  async completed(event: DomainEvent<'appointment.completed'>, manager: EntityManager): Promise<void> {
    const d = event.data;
    const personKey = personKeyOf(d);
    await manager.query(`DELETE FROM booked_appointments WHERE appointment_id = $1`, [d.appointmentId]);
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

/** Who may rate an appointment: the logged-in owner's id, or a guest's e-mail address (lower case). */
function personKeyOf(d: AppointmentPayload): string {
  return d.userId ?? d.contact?.email.trim().toLowerCase() ?? '';
}
