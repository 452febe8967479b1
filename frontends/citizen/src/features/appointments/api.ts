import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';
import { saveFile } from '../../services/saveFile';

export type Appointment = Schema<'AppointmentDetailDto'>;
export type AppointmentPage = Schema<'AppointmentPageDto'>;
export type AppointmentStatus = Appointment['status'];

/** One appointment: its owner (logged in) or whoever holds the manage token from the mail. */
export function getAppointment(id: string, token?: string): Promise<Appointment> {
  return ok(api.GET('/api/v1/appointments/{id}', { params: { path: { id }, query: { token } } }));
}

/** Which of the resident's appointments: still to come (soonest first), or the others (latest first). */
export type AppointmentListWhen = 'upcoming' | 'past';

/**
 * The logged-in resident's upcoming or past appointments, a page at a time (`cursor`: the page's
 * `nextCursor`, which belongs to its list). The API decides by its clock what is still to come.
 */
export function listMyAppointments(
  when: AppointmentListWhen,
  cursor?: string,
  limit = 10,
): Promise<AppointmentPage> {
  return ok(api.GET('/api/v1/appointments', { params: { query: { when, limit, cursor } } }));
}

/** A guest's confirmation with the token from the mailed link. */
export function confirmAppointment(id: string, token: string): Promise<Schema<'AppointmentDto'>> {
  return ok(api.POST('/api/v1/appointments/{id}/confirm', { params: { path: { id } }, body: { token } }));
}

export async function cancelAppointment(id: string, token?: string): Promise<void> {
  await ok(api.DELETE('/api/v1/appointments/{id}', { params: { path: { id }, query: { token } } }));
}

/** Moves the appointment; 409 `slot-unavailable` keeps the old time. */
export function rescheduleAppointment(
  id: string,
  start: string,
  token?: string,
): Promise<Schema<'AppointmentDto'>> {
  return ok(
    api.POST('/api/v1/appointments/{id}/reschedule', {
      params: { path: { id }, query: { token } },
      body: { start },
    }),
  );
}

/**
 * Saves the appointment as an iCalendar file (`termin-<reference>.ics`). The file needs the session or
 * the manage token, so it is fetched through the API client and handed to the browser as a download.
 */
export async function downloadIcs(id: string, reference: string, token?: string): Promise<void> {
  const data: unknown = await ok(
    api.GET('/api/v1/appointments/{id}/ics', {
      params: { path: { id }, query: { token } },
      parseAs: 'blob',
    }),
  );
  const blob = data instanceof Blob ? data : new Blob([String(data)]);
  saveFile(new Blob([blob], { type: 'text/calendar' }), `termin-${reference}.ics`);
}
