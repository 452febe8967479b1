import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

export type ServiceSummary = Schema<'ServiceSummaryDto'>;
export type ServiceDetail = Schema<'ServiceDetailDto'>;
export type ServicePage = Schema<'ServicePageDto'>;
export type Location = Schema<'LocationDto'>;
export type Transparency = Schema<'TransparencyDto'>;

/** The catalogue's largest page: the whole catalogue of a city fits (about 15–60 services). */
const WHOLE_CATALOGUE = 100;

export function searchServices(q: string | undefined): Promise<ServicePage> {
  return ok(
    api.GET('/api/v1/services', { params: { query: { q: q || undefined, limit: WHOLE_CATALOGUE } } }),
  );
}

export function getService(slug: string): Promise<ServiceDetail> {
  return ok(api.GET('/api/v1/services/{idOrSlug}', { params: { path: { idOrSlug: slug } } }));
}

export async function listLocations(): Promise<Location[]> {
  return (await ok(api.GET('/api/v1/locations'))).items;
}

export function getTransparency(): Promise<Transparency> {
  return ok(api.GET('/api/v1/transparency'));
}
