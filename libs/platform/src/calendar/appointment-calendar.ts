import type { Locale } from '@buergeramt/contracts';

/**
 * What makes two calendar files about one appointment the same entry (RFC 5545): the appointments
 * service's `GET /appointments/{id}/ics` and the notifications service's mail attachments both build
 * theirs with these, so a calendar updates or removes one entry instead of adding a second.
 */

/** The entry's UID: the appointment's id at the public host (`PUBLIC_BASE_URL`). */
export function appointmentCalendarUid(appointmentId: string, publicBaseUrl: string): string {
  return `${appointmentId}@${new URL(publicBaseUrl).hostname}`;
}

const SEQUENCE_EPOCH = Date.UTC(2025, 0, 1);

/**
 * The entry's SEQUENCE for a change made at `changedAt` (RFC 5545 §3.8.7.4: higher for every change):
 * seconds since 2025-01-01, which grows with every change and fits a signed 32-bit integer until 2093.
 */
export function calendarSequence(changedAt: Date | string): number {
  const time = typeof changedAt === 'string' ? Date.parse(changedAt) : changedAt.getTime();
  return Math.max(0, Math.floor((time - SEQUENCE_EPOCH) / 1000));
}

/** The entry's title: "Termin: <service>", or the office's when the service is not known. */
export function appointmentCalendarTitle(
  serviceName: { de: string; en: string } | null | undefined,
  locale: Locale,
): string {
  const de = locale === 'de';
  const service = serviceName?.[locale];
  if (service) return `${de ? 'Termin' : 'Appointment'}: ${service}`;
  return de ? 'Termin im Bürgeramt' : "Appointment at the citizens' office";
}
