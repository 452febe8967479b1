import type { Locale } from '@buergeramt/contracts';
import { createEvent, type EventAttributes } from 'ics';
import type { AppointmentEntity } from './appointment.entity';

export interface CalendarInput {
  appointment: AppointmentEntity;
  serviceName: { de: string; en: string } | null;
  locationName: string;
  locationAddress: string;
  publicBaseUrl: string;
  locale: Locale;
}

/**
 * The UID of an appointment's calendar entry: the same form the notifications service uses in its mails,
 * so that a calendar updates one entry instead of adding a second.
 */
export function appointmentUid(appointmentId: string, publicBaseUrl: string): string {
  return `${appointmentId}@${new URL(publicBaseUrl).hostname}`;
}

/** SEQUENCE grows with every change (RFC 5545 §3.8.7.4); the same scale as notifications' mails. */
export function sequenceOf(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - Date.UTC(2025, 0, 1)) / 1000));
}

/** An RFC 5545 calendar with one VEVENT (UTC times), built by the maintained `ics` library. */
export function appointmentIcs(input: CalendarInput): string {
  const { appointment, locale } = input;
  const de = locale === 'de';
  const service = input.serviceName?.[locale];
  const title = service
    ? `${de ? 'Termin' : 'Appointment'}: ${service}`
    : de
      ? 'Termin im Bürgeramt'
      : "Appointment at the citizens' office";
  const cancelled = appointment.status === 'cancelled' || appointment.status === 'expired';
  const attributes: EventAttributes = {
    uid: appointmentUid(appointment.id, input.publicBaseUrl),
    productId: '-//Digitales Buergeramt//appointments//DE',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    status: cancelled
      ? 'CANCELLED'
      : appointment.status === 'pending_confirmation'
        ? 'TENTATIVE'
        : 'CONFIRMED',
    sequence: sequenceOf(appointment.updatedAt),
    start: appointment.startAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: appointment.endAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title,
    location: `${input.locationName}, ${input.locationAddress}`,
    description: `${de ? 'Buchungsnummer' : 'Booking reference'}: ${appointment.reference}`,
  };
  const { error, value } = createEvent(attributes);
  if (error || !value)
    throw new Error(`could not build the calendar entry: ${error?.message ?? 'no output'}`);
  return value;
}
