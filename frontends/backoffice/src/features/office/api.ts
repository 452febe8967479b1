import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/** The office's calls (appointments service); views and components call these, never fetch. */

export type Location = Schema<'LocationDto'>;
export type Counter = Schema<'CounterDto'>;

/** GET /locations: the offices, with today's opening hours. */
export async function listLocations(): Promise<Location[]> {
  return (await ok(api.GET('/api/v1/locations'))).items;
}

/** GET /locations/{id}/counters: the location's counters (inactive ones marked), for its staff. */
export async function listCounters(locationId: string): Promise<Counter[]> {
  return (await ok(api.GET('/api/v1/locations/{id}/counters', { params: { path: { id: locationId } } })))
    .items;
}
