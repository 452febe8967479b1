import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Who was served (appointment.completed): the basis of appointment feedback and office figures. */
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
}
