import { ok, type Schema } from '@buergeramt/api-client';
import { currentLocale } from '../../i18n';
import { api } from '../../services/api';
import { getService, type ServiceDetail } from '../services/catalogue';
import type { Slot } from './slots';

export type CreateAppointment = Schema<'CreateAppointmentDto'>;
export type BookedAppointment = Schema<'AppointmentDto'>;
export type { ServiceDetail };

/**
 * The service of a booking flow, once per language and visit: every step needs its id, name and
 * offices, and moving between steps should not wait for it again. A failure is not kept.
 */
const services = new Map<string, Promise<ServiceDetail>>();

export function loadService(slugOrId: string): Promise<ServiceDetail> {
  const key = `${currentLocale()}:${slugOrId}`;
  let pending = services.get(key);
  if (!pending) {
    pending = getService(slugOrId);
    services.set(key, pending);
    pending.catch(() => services.delete(key));
  }
  return pending;
}

export interface SlotQuery {
  serviceId: string;
  /** absent: every office offering the service */
  locationId?: string;
  from: string;
  to: string;
}

/**
 * Free start times of a service from `from` to `to` (calendar dates of the city, at most 62 days apart),
 * with the booking window as of now: `bookableFrom`/`bookableUntil`, the first and last day one can book
 * (null when no office takes bookings for it).
 */
export function listFreeSlots(query: SlotQuery): Promise<Schema<'SlotListDto'>> {
  return ok(api.GET('/api/v1/slots', { params: { query } }));
}

/**
 * How many free start times each day from `from` to `to` has (days without any are left out), with the
 * booking window: what the calendar needs, without the times themselves (two months: 2 KB, not 150 KB).
 */
export function listFreeDays(query: SlotQuery): Promise<Schema<'FreeDayListDto'>> {
  return ok(api.GET('/api/v1/slots/days', { params: { query } }));
}

/** Free start times of a service from `from` to `to` (calendar dates of the city, at most 62 days apart). */
export async function listSlots(query: SlotQuery): Promise<Slot[]> {
  return (await listFreeSlots(query)).items;
}

/** Books; the same `idempotencyKey` for the same booking returns the first answer and books once. */
export function createAppointment(
  body: CreateAppointment,
  idempotencyKey: string,
): Promise<BookedAppointment> {
  return ok(
    api.POST('/api/v1/appointments', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
  );
}
