import type { Locale } from '@buergeramt/contracts';
import { createEvent, type EventAttributes } from 'ics';
import type { PublicLinks } from './links';
import type { AppointmentMailParams } from './mail-kinds';

export interface CalendarOptions {
  locale: Locale;
  cityName: string;
  links: PublicLinks;
  /** PUBLISH for a new or moved appointment, CANCEL to remove it from the calendar */
  method: 'PUBLISH' | 'CANCEL';
  /** higher than before for every change of the same appointment (RFC 5545 SEQUENCE) */
  sequence: number;
}

/**
 * The calendar entry's UID: the same for every mail about one appointment, so calendars update or remove
 * the entry instead of adding a second one. The appointments service's `GET /appointments/{id}/ics` should
 * use the same form.
 */
export function appointmentUid(appointmentId: string, links: PublicLinks): string {
  return `${appointmentId}@${new URL(links.absolute('/')).hostname}`;
}

/** An RFC 5545 calendar with one VEVENT for the appointment (UTC times). */
export function appointmentCalendar(p: AppointmentMailParams, options: CalendarOptions): string {
  const { locale, cityName, links } = options;
  const de = locale === 'de';
  const service = p.serviceName?.[locale];
  const title = service
    ? `${de ? 'Termin' : 'Appointment'}: ${service}`
    : de
      ? 'Termin im Bürgeramt'
      : "Appointment at the citizens' office";
  const place = [p.locationName, p.locationAddress].filter((part): part is string => !!part).join(', ');
  const manage = links.appointment(p.appointmentId, p.manageToken);
  const attributes: EventAttributes = {
    uid: appointmentUid(p.appointmentId, links),
    productId: '-//Digitales Buergeramt//notifications//DE',
    method: options.method,
    status: options.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    sequence: options.sequence,
    start: Date.parse(p.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(p.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    title,
    location: place || cityName,
    description: `${de ? 'Buchungsnummer' : 'Booking reference'}: ${p.reference}\n${manage}`,
    url: manage,
  };
  const { error, value } = createEvent(attributes);
  if (error || !value)
    throw new Error(`could not build the calendar entry: ${error?.message ?? 'no output'}`);
  return value;
}

/** SEQUENCE for a change that happened at `occurredAt`: grows with time, fits a signed 32-bit integer. */
export function sequenceAt(occurredAt: string): number {
  return Math.max(0, Math.floor((Date.parse(occurredAt) - Date.UTC(2025, 0, 1)) / 1000));
}
