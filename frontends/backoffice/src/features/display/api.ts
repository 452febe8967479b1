import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/**
 * The public calls of the waiting room's screens (display and kiosk): no log-in, no token. Views and
 * composables call these, never fetch.
 */

export type QueueSummary = Schema<'QueueSummaryDto'>;
export type Call = Schema<'CallDto'>;
export type Office = Schema<'LocationDto'>;

/** GET /locations/{id}/queue: waiting now, the estimated wait per service, the last calls (newest first). */
export function loadQueue(locationId: string): Promise<QueueSummary> {
  return ok(api.GET('/api/v1/locations/{id}/queue', { params: { path: { id: locationId } } }));
}

/** The office from GET /locations (public), or null when there is none with this id (or it is closed for good). */
export async function loadOffice(locationId: string): Promise<Office | null> {
  const { items } = await ok(api.GET('/api/v1/locations'));
  return items.find((office) => office.id === locationId) ?? null;
}

/** The address of the office's display stream (server-sent events `call`), for `useEventStream`. */
export const displayStreamUrl = (locationId: string): string =>
  `/api/v1/locations/${encodeURIComponent(locationId)}/display`;
