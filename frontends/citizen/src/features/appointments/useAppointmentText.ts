import { useI18n } from 'vue-i18n';
import type { Appointment, AppointmentStatus } from './api';
import { cityDay, formatDay, formatTime } from '@buergeramt/ui';

/** How an appointment reads in the current language: its service, day, time and status. */
export function useAppointmentText() {
  const { t, locale } = useI18n();

  return {
    serviceName: (appointment: Pick<Appointment, 'serviceName'>): string =>
      appointment.serviceName?.[locale.value === 'en' ? 'en' : 'de'] || t('appointments.unnamedService'),
    day: (start: string): string => formatDay(cityDay(start), locale.value),
    time: (start: string): string => t('appointments.time', { time: formatTime(start, locale.value) }),
    timeRange: (appointment: Pick<Appointment, 'start' | 'end'>): string =>
      t('appointments.timeRange', {
        start: formatTime(appointment.start, locale.value),
        end: formatTime(appointment.end, locale.value),
      }),
    /** "Dienstag, 8. Dezember 2026, 08:15 Uhr" */
    when: (start: string): string =>
      t('appointments.when', {
        day: formatDay(cityDay(start), locale.value),
        time: formatTime(start, locale.value),
      }),
    status: (status: AppointmentStatus): string => t(`appointments.status.${status}`),
  };
}
