import type { Locale } from '@buergeramt/contracts';
import { appointmentCalendarTitle, appointmentCalendarUid, calendarFile } from '@buergeramt/platform';
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
  return calendarFile({
    uid: appointmentCalendarUid(p.appointmentId, links.absolute('/')),
    productId: '-//Digitales Buergeramt//notifications//DE',
    method: options.method,
    status: options.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    sequence: options.sequence,
    start: new Date(p.start),
    end: new Date(p.end),
    summary: appointmentCalendarTitle(p.serviceName, locale),
    location: place || cityName,
    description: `${de ? 'Buchungsnummer' : 'Booking reference'}: ${p.reference}\n${manage}`,
    url: manage,
  });
}
