import type { AppointmentPayload, DomainEvent, EventPayloads } from '@buergeramt/contracts';
import { OutboxPublisher, publishInTransaction } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isoInZone } from '../calendar/time';
import { ManageTokens } from '../common/manage-token';
import { AppointmentsConfig } from '../config';
import { type BookingContext, LocationsRepository } from '../locations/locations.repository';
import { addressLine } from '../locations/location-events';
import type { AppointmentEntity } from './appointment.entity';

/** The appointment events this service publishes. */
export type AppointmentEventType =
  | 'appointment.booked'
  | 'appointment.confirmed'
  | 'appointment.cancelled'
  | 'appointment.rescheduled'
  | 'appointment.expired'
  | 'appointment.completed'
  | 'appointment.no-show';

/**
 * The appointment events, in the transaction of every change to an appointment (like `LocationEvents`
 * for offices): the contract's payload with the names of the service and the office for mails and
 * calendar entries, the guest's manage token and the time a pending booking must be confirmed by.
 * Bookings, the office's check-in and no-shows, and the accounts consumer publish through it.
 */
@Injectable()
export class AppointmentEvents {
  constructor(
    private readonly config: AppointmentsConfig,
    private readonly outbox: OutboxPublisher,
    private readonly locations: LocationsRepository,
    private readonly tokens: ManageTokens,
  ) {}

  /** Writes the event of `appointment` as it is now into the outbox, in `manager`'s transaction (the request id traces it). */
  async publish<T extends AppointmentEventType>(
    manager: EntityManager,
    type: T,
    appointment: AppointmentEntity,
    extra: Omit<EventPayloads[T], keyof AppointmentPayload>,
    trace: { requestId: string },
  ): Promise<void> {
    await publishInTransaction(manager, await this.event(manager, type, appointment, extra, trace));
  }

  /** The same event, not yet written: for a statement of the caller's own beside the change. */
  async event<T extends AppointmentEventType>(
    manager: EntityManager,
    type: T,
    appointment: AppointmentEntity,
    extra: Omit<EventPayloads[T], keyof AppointmentPayload>,
    trace: { requestId: string },
  ): Promise<DomainEvent<T>> {
    const data = { ...(await this.payload(manager, appointment)), ...extra } as EventPayloads[T];
    return this.outbox.event(type, appointment.id, data, { traceId: trace.requestId || null });
  }

  /** The payload, reading the office and the service in `manager`'s transaction (one statement). */
  async payload(manager: EntityManager, appointment: AppointmentEntity): Promise<AppointmentPayload> {
    const { location, service } = await this.locations.eventNames(
      appointment.locationId,
      appointment.serviceId,
      manager,
    );
    return this.payloadOf(appointment, location, service);
  }

  /** The payload from an office and a service already read (the booking has them at hand). */
  payloadOf(
    appointment: Omit<AppointmentEntity, 'counterId'>,
    location: BookingContext['location'] | null,
    service: Pick<NonNullable<BookingContext['service']>, 'name'> | null,
  ): AppointmentPayload {
    const guest = appointment.userId === null;
    return {
      appointmentId: appointment.id,
      reference: appointment.reference,
      serviceId: appointment.serviceId,
      locationId: appointment.locationId,
      start: this.iso(appointment.startAt),
      end: this.iso(appointment.endAt),
      userId: appointment.userId,
      contact:
        appointment.contactEmail && appointment.contactName
          ? { name: appointment.contactName, email: appointment.contactEmail, locale: appointment.locale }
          : null,
      manageToken: guest && appointment.anonymisedAt === null ? this.tokens.tokenFor(appointment.id) : null,
      confirmBy:
        appointment.status === 'pending_confirmation' && appointment.expiresAt
          ? appointment.expiresAt.toISOString()
          : null,
      serviceName: service?.name ?? null,
      ...(location ? { locationName: location.name, locationAddress: addressLine(location) } : {}),
    };
  }

  /** An instant as the API writes it: with the city's offset. */
  iso(date: Date): string {
    return isoInZone(date.getTime(), this.config.CITY_TIME_ZONE);
  }
}
