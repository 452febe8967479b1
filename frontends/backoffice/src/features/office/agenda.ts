import type { LocationQuery } from 'vue-router';
import type { AgendaAppointment, Ticket } from './api';

/**
 * The agenda's status filter as it lives in the URL (`?status=eingecheckt`), so a reload or a shared link
 * shows the same list; no parameter shows every appointment of the day.
 */
export const STATUS_FILTERS = {
  erwartet: ['pending_confirmation', 'confirmed'],
  eingecheckt: ['checked_in'],
  erledigt: ['completed'],
  'nicht-erschienen': ['no_show'],
  abgesagt: ['cancelled'],
} as const satisfies Record<string, readonly string[]>;

export type StatusFilter = keyof typeof STATUS_FILTERS;
export const STATUS_FILTER_PARAM = 'status';

export const isStatusFilter = (value: unknown): value is StatusFilter =>
  typeof value === 'string' && Object.hasOwn(STATUS_FILTERS, value);

/** The status filter of a route's query; anything else (or nothing) is no filter. */
export function readStatusFilter(query: LocationQuery): StatusFilter | null {
  const raw = query[STATUS_FILTER_PARAM];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return isStatusFilter(value) ? value : null;
}

/** Whether an appointment is in a filter's statuses. */
export const hasStatus = (appointment: AgendaAppointment, filter: StatusFilter): boolean =>
  (STATUS_FILTERS[filter] as readonly string[]).includes(appointment.status);

/** A booked appointment the resident has not checked in for yet: the counter can check them in. */
export const canCheckIn = (appointment: AgendaAppointment): boolean =>
  hasStatus(appointment, 'erwartet') && appointment.ticketNumber === null;

/** Text as it is compared: no case, no accents ("Müller" is found by "muller"), "ß" as "ss". */
const fold = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('de').replace(/ß/g, 'ss');
/** A reference as it is compared: no case, no spaces or dashes ("t-7kq2 m9" finds T-7KQ2M9XA). */
const compact = (text: string): string => text.toUpperCase().replace(/[\s-]/g, '');

/** Whether `text` (a name or a booking reference, or part of one) finds the appointment. */
export function matchesText(appointment: AgendaAppointment, text: string): boolean {
  const wanted = text.trim();
  if (wanted === '') return true;
  if (appointment.name && fold(appointment.name).includes(fold(wanted))) return true;
  const code = compact(wanted);
  return code.length > 0 && compact(appointment.reference).includes(code);
}

/** The appointments the filters leave, in the agenda's order (by time). */
export function filterAgenda(
  appointments: readonly AgendaAppointment[],
  status: StatusFilter | null,
  text: string,
): AgendaAppointment[] {
  return appointments.filter(
    (appointment) => (status === null || hasStatus(appointment, status)) && matchesText(appointment, text),
  );
}

/** The ticket of each checked-in appointment, by the appointment's id. */
export function ticketsByAppointment(tickets: readonly Ticket[]): Map<string, Ticket> {
  const map = new Map<string, Ticket>();
  for (const ticket of tickets) if (ticket.appointmentId) map.set(ticket.appointmentId, ticket);
  return map;
}

/** A service's name in the page's language (German when there is no English one), or null when unknown. */
export function localName(name: { de: string; en: string } | null, locale: string): string | null {
  if (!name) return null;
  return (locale === 'en' ? name.en : name.de) || name.de || name.en || null;
}
