import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';
import { apiQuery, type CheckFilters } from './checkQuery';

/** The digitalisation check's calls (applications and appointments); views call these, never fetch. */

export type Digitalisation = Schema<'DigitalisationDto'>;
export type DigitalisationFigures = Schema<'DigitalisationFiguresDto'>;
export type Backlog = Schema<'BacklogDto'>;
export type AppointmentCheck = Schema<'AppointmentCheckDto'>;
export type AppointmentFigures = Schema<'AppointmentCheckFiguresDto'>;
export type Feedback = Schema<'FeedbackStatsDto'>;
export type CatalogueService = Schema<'ServiceAdminDto'>;
export type Office = Schema<'LocationDto'>;

export interface CheckData {
  cases: Digitalisation;
  appointments: AppointmentCheck;
  feedback: Feedback;
}

/** The three parts of the check for the same filters, in parallel. */
export async function loadCheck(filters: CheckFilters): Promise<CheckData> {
  const query = apiQuery(filters);
  const [cases, appointments, feedback] = await Promise.all([
    ok(api.GET('/api/v1/stats/digitalisation', { params: { query } })),
    ok(api.GET('/api/v1/stats/appointments/check', { params: { query } })),
    ok(
      api.GET('/api/v1/stats/feedback', {
        params: {
          query: {
            from: query.from,
            to: query.to,
            ...(query.serviceId ? { serviceId: query.serviceId } : {}),
            ...(query.locationId ? { locationId: query.locationId } : {}),
          },
        },
      }),
    ),
  ]);
  return { cases, appointments, feedback };
}

/** The catalogue with each service's cost model (supervisors read it). */
export async function listServices(): Promise<CatalogueService[]> {
  return (await ok(api.GET('/api/v1/admin/services'))).items;
}

/** The offices (public list), for the office filter. */
export async function listOffices(): Promise<Office[]> {
  return (await ok(api.GET('/api/v1/locations'))).items;
}
