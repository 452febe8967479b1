import { type CursorPages, useCursorPages } from '../../composables/useCursorPages';
import { listMyAppointments, type Appointment, type AppointmentListWhen } from './api';

export type AppointmentPages = CursorPages<Appointment>;

/**
 * One list of "My appointments" (upcoming or past) after its first page: "show more" appends the next
 * page by its cursor (the API pages on start time and id).
 */
export function useAppointmentPages(when: AppointmentListWhen): AppointmentPages {
  return useCursorPages((cursor) => listMyAppointments(when, cursor));
}
