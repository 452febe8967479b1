import type { Locale } from '@buergeramt/contracts';
import {
  appointmentCalendarTitle,
  appointmentCalendarUid,
  calendarFile,
  calendarSequence,
} from '@buergeramt/platform';
import type { AppointmentEntity } from './appointment.entity';

export interface CalendarInput {
  appointment: AppointmentEntity;
  serviceName: { de: string; en: string } | null;
  locationName: string;
  locationAddress: string;
  publicBaseUrl: string;
  locale: Locale;
}

/** An RFC 5545 calendar with one VEVENT (UTC times). */
export function appointmentIcs(input: CalendarInput): string {
  const { appointment, locale } = input;
  const de = locale === 'de';
  const cancelled = appointment.status === 'cancelled' || appointment.status === 'expired';
  return calendarFile({
    uid: appointmentCalendarUid(appointment.id, input.publicBaseUrl),
    productId: '-//Digitales Buergeramt//appointments//DE',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    status: cancelled
      ? 'CANCELLED'
      : appointment.status === 'pending_confirmation'
        ? 'TENTATIVE'
        : 'CONFIRMED',
    sequence: calendarSequence(appointment.updatedAt),
    start: appointment.startAt,
    end: appointment.endAt,
    summary: appointmentCalendarTitle(input.serviceName, locale),
    location: `${input.locationName}, ${input.locationAddress}`,
    description: `${de ? 'Buchungsnummer' : 'Booking reference'}: ${appointment.reference}`,
  });
}
