import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { addDays, addMonths, cityToday, daysBetween, monthBounds, monthOf } from '@buergeramt/ui';

/**
 * The digitalisation check's filters as they live in the URL, so a reload or a shared link shows the same
 * figures: `?von=2026-07-01&bis=2026-12-31&raster=woche&leistung=<id>&standort=<id>`. German words, as the
 * app's other URLs; defaults are left out (the plain page shows the last six months, by month, every
 * service and office). A value the URL holds that is not valid is ignored (the default takes its place),
 * and a period longer than the API allows is cut to its last 366 days.
 */
export type Granularity = 'week' | 'month';

export interface CheckFilters {
  from: string;
  to: string;
  granularity: Granularity;
  serviceId: string | null;
  locationId: string | null;
}

/** The API's longest period (both ends included, at most 366 days apart). */
export const MAX_DAYS = 366;

const PARAMS = { from: 'von', to: 'bis', granularity: 'raster', service: 'leistung', location: 'standort' };
const GRANULARITY_WORDS: Record<Granularity, string> = { week: 'woche', month: 'monat' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The default period: the first day of the month five months ago up to today (six months). */
export function defaultPeriod(today: string = cityToday()): { from: string; to: string } {
  return { from: monthBounds(addMonths(monthOf(today), -5)).first, to: today };
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const first = (value: LocationQuery[string] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value) ?? undefined;

export function parseCheckQuery(query: LocationQuery, today: string = cityToday()): CheckFilters {
  const fallback = defaultPeriod(today);
  const fromRaw = first(query[PARAMS.from]);
  const toRaw = first(query[PARAMS.to]);
  let to = isDate(toRaw) ? toRaw : fallback.to;
  let from = isDate(fromRaw) ? fromRaw : isDate(toRaw) ? defaultPeriod(to).from : fallback.from;
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to) > MAX_DAYS - 1) from = addDays(to, -(MAX_DAYS - 1));
  const granularityRaw = first(query[PARAMS.granularity]);
  const service = first(query[PARAMS.service]);
  const location = first(query[PARAMS.location]);
  return {
    from,
    to,
    granularity: granularityRaw === GRANULARITY_WORDS.week ? 'week' : 'month',
    serviceId: service && UUID.test(service) ? service.toLowerCase() : null,
    locationId: location && UUID.test(location) ? location.toLowerCase() : null,
  };
}

export function toCheckQuery(filters: CheckFilters, today: string = cityToday()): LocationQueryRaw {
  const fallback = defaultPeriod(today);
  const query: LocationQueryRaw = {};
  if (filters.from !== fallback.from || filters.to !== fallback.to) {
    query[PARAMS.from] = filters.from;
    query[PARAMS.to] = filters.to;
  }
  if (filters.granularity !== 'month') query[PARAMS.granularity] = GRANULARITY_WORDS[filters.granularity];
  if (filters.serviceId) query[PARAMS.service] = filters.serviceId;
  if (filters.locationId) query[PARAMS.location] = filters.locationId;
  return query;
}

/** The report's month from `?monat=YYYY-MM`; default the last full month. */
export function parseReportMonth(query: LocationQuery, today: string = cityToday()): string {
  const month = first(query.monat);
  if (month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return month;
  return addMonths(monthOf(today), -1);
}

/** The API's query of the filters (absent filters left out). */
export function apiQuery(filters: CheckFilters): {
  from: string;
  to: string;
  granularity: Granularity;
  serviceId?: string;
  locationId?: string;
} {
  return {
    from: filters.from,
    to: filters.to,
    granularity: filters.granularity,
    ...(filters.serviceId ? { serviceId: filters.serviceId } : {}),
    ...(filters.locationId ? { locationId: filters.locationId } : {}),
  };
}
