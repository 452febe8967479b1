import type { Locale } from '@buergeramt/contracts';
import { appointmentCalendarTitle, appointmentCalendarUid, calendarSequence } from '@buergeramt/platform';
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

/** An RFC 5545 calendar with one VEVENT (UTC times), built by the maintained `ics` library. */
export function appointmentIcs(input: CalendarInput): string {
  const { appointment, locale } = input;
  const de = locale === 'de';
  const cancelled = appointment.status === 'cancelled' || appointment.status === 'expired';
  const attributes: EventAttributes = {
    uid: appointmentCalendarUid(appointment.id, input.publicBaseUrl),
    productId: '-//Digitales Buergeramt//appointments//DE',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    status: cancelled
      ? 'CANCELLED'
      : appointment.status === 'pending_confirmation'
        ? 'TENTATIVE'
        : 'CONFIRMED',
    sequence: calendarSequence(appointment.updatedAt),
    start: appointment.startAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: appointment.endAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: appointmentCalendarTitle(input.serviceName, locale),
    location: `${input.locationName}, ${input.locationAddress}`,
    description: `${de ? 'Buchungsnummer' : 'Booking reference'}: ${appointment.reference}`,
  };
  const { error, value } = createEvent(attributes);
  if (error || !value)
    throw new Error(`could not build the calendar entry: ${error?.message ?? 'no output'}`);
  return value;
}
