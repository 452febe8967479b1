import type { Locale } from '@buergeramt/contracts';
import { appointmentCalendarTitle, appointmentCalendarUid } from '@buergeramt/platform';
import { createEvent, type EventAttributes } from 'ics';
import type { PublicLinks } from './links';
import type { AppointmentMailParams } from './mail-kinds';

export interface CalendarOptions {
  locale: Locale;
  cityName: string;
  links: PublicLinks;
  /** PUBLISH for a new or moved appointment, CANCEL to remove it from the calendar */
  method: 'PUBLISH' | 'CANCEL';
  /** higher than before for every change of the same appointment: `calendarSequence` (platform) */
  sequence: number;
}

/** An RFC 5545 calendar with one VEVENT for the appointment (UTC times). */
export function appointmentCalendar(p: AppointmentMailParams, options: CalendarOptions): string {
  const { locale, cityName, links } = options;
  const de = locale === 'de';
  const place = [p.locationName, p.locationAddress].filter((part): part is string => !!part).join(', ');
  const manage = links.appointment(p.appointmentId, p.manageToken);
  const attributes: EventAttributes = {
    uid: appointmentCalendarUid(p.appointmentId, links.absolute('/')),
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
    title: appointmentCalendarTitle(p.serviceName, locale),
    location: place || cityName,
    description: `${de ? 'Buchungsnummer' : 'Booking reference'}: ${p.reference}\n${manage}`,
    url: manage,
  };
  const { error, value } = createEvent(attributes);
  if (error || !value)
    throw new Error(`could not build the calendar entry: ${error?.message ?? 'no output'}`);
  return value;
}
