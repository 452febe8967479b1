import type { UiTone } from '@buergeramt/ui';
import type { Appointment, AppointmentStatus } from './api';

/** The tag colour of each status (the text says it; the colour only supports it). */
export const STATUS_TONE: Readonly<Record<AppointmentStatus, UiTone>> = {
  pending_confirmation: 'warning',
  confirmed: 'success',
  checked_in: 'info',
  completed: 'neutral',
  no_show: 'neutral',
  cancelled: 'error',
  expired: 'neutral',
};

/** Statuses of an appointment that still holds its time. */
const HOLDING: readonly AppointmentStatus[] = ['pending_confirmation', 'confirmed', 'checked_in'];

type Timed = Pick<Appointment, 'status' | 'start' | 'end'>;

/** Still ahead (or going on) and holding its time. */
export function isUpcoming(appointment: Timed, now: number = Date.now()): boolean {
  return HOLDING.includes(appointment.status) && Date.parse(appointment.end) > now;
}

/** Can still be moved or cancelled by the resident (the API refuses once it has started). */
export function isChangeable(appointment: Timed, now: number = Date.now()): boolean {
  return (
    (appointment.status === 'pending_confirmation' || appointment.status === 'confirmed') &&
    Date.parse(appointment.start) > now
  );
}

/** The upcoming appointments (soonest first) and the others (latest first). */
export function splitAppointments<T extends Timed>(
  items: readonly T[],
  now: number = Date.now(),
): { upcoming: T[]; past: T[] } {
  const upcoming = items
    .filter((a) => isUpcoming(a, now))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = items
    .filter((a) => !isUpcoming(a, now))
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  return { upcoming, past };
}
