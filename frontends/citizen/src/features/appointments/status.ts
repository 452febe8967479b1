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

type Timed = Pick<Appointment, 'status' | 'start' | 'end'>;

/** Can still be moved or cancelled by the resident (the API refuses once it has started). */
export function isChangeable(appointment: Timed, now: number = Date.now()): boolean {
  return (
    (appointment.status === 'pending_confirmation' || appointment.status === 'confirmed') &&
    Date.parse(appointment.start) > now
  );
}
