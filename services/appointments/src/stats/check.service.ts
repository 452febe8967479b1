import type { AuthUser } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertDateRange } from '../calendar/date-range';
import { HolidayCalendar } from '../calendar/holidays';
import { openSpans } from '../calendar/slot-engine';
import { addDays, daysBetween, hhmm, startOfDay, weekdayOf } from '../calendar/time';
import { assertWorksAt } from '../common/staff-access';
import { AppointmentsConfig } from '../config';
import { LocationsRepository } from '../locations/locations.repository';
import type {
  AppointmentCheckDto,
  AppointmentCheckFiguresDto,
  AppointmentCheckQueryDto,
  Granularity,
} from './dto/stats.dto';

const MAX_RANGE_DAYS = 366;

/** One row of a GROUPING SETS query: which set it belongs to, and its key there. */
interface Grouped {
  /** GROUPING(bucket, service_id, location_id): 3 per period, 5 per service, 6 per office, 7 overall */
  g: number;
  bucket: string | null;
  service_id: string | null;
  location_id: string | null;
}

interface AppointmentRow extends Grouped {
  bookings: number;
  cancellations: number;
  no_shows: number;
  completed: number;
  booked_minutes: number;
}

interface WaitRow extends Grouped {
  booked_median: number | null;
  booked_p90: number | null;
  booked_count: number;
  walk_in_median: number | null;
  walk_in_p90: number | null;
  walk_in_count: number;
}

interface LeadRow extends Grouped {
  median: number | null;
  p90: number | null;
  count: number;
  none_free: number;
}

const BY_PERIOD = 3;
const BY_SERVICE = 5;
const BY_LOCATION = 6;
const OVERALL = 7;
const GROUPING_SETS = `GROUP BY GROUPING SETS ((bucket), (service_id), (location_id), ())`;
const GROUPING_COLUMNS = `GROUPING(bucket, service_id, location_id)::int AS g, bucket, service_id, location_id`;

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(Number(n) * 10) / 10);
const share = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;

/** The first day of the week (Monday) or month a calendar date belongs to. */
export function bucketOf(date: string, granularity: Granularity): string {
  return granularity === 'week' ? addDays(date, 1 - weekdayOf(date)) : `${date.slice(0, 8)}01`;
}

/** Offered minutes (opening minutes × counters) per day, office and service. */
interface Offer {
  date: string;
  locationId: string;
  serviceId: string | null;
  minutes: number;
}

/**
 * GET /stats/appointments/check: the appointment figures of the digitalisation check (issue 17) by week or
 * month, service and office, with the period of the same length before. Counted in SQL over the
 * appointments (`location_id, start_at`), the tickets (`location_id, service_day`) and the daily records
 * of the next free appointment (`next_free_slots`, LeadTimeSnapshots); only the offered time comes from
 * the calendar (opening hours, closures, holidays), as for GET /stats/appointments.
 */
@Injectable()
export class CheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly locations: LocationsRepository,
    private readonly holidays: HolidayCalendar,
  ) {}

  async check(query: AppointmentCheckQueryDto, user: AuthUser): Promise<AppointmentCheckDto> {
    assertDateRange(query.from, query.to, MAX_RANGE_DAYS);
    const granularity: Granularity = query.granularity ?? 'month';
    const all = await this.locations.listLocations(false);
    let locationIds: string[];
    if (query.locationId) {
      if (user.kind === 'user') assertWorksAt(user, query.locationId);
      locationIds = [query.locationId];
    } else {
      locationIds = all.map((l) => l.id).filter((id) => !user.locationIds || user.locationIds.includes(id));
    }
    const serviceId = query.serviceId ?? null;
    const days = daysBetween(query.from, query.to) + 1;
    const previous = { from: addDays(query.from, -days), to: addDays(query.from, -1) };

    const [now, before, names] = await Promise.all([
      this.figures(locationIds, serviceId, query.from, query.to, granularity),
      this.figures(locationIds, serviceId, previous.from, previous.to, granularity),
      this.serviceNames(),
    ]);
    const locationNames = new Map(all.map((l) => [l.id, l.name]));
    const periods: AppointmentCheckDto['periods'] = [];
    for (let start = bucketOf(query.from, granularity); start <= query.to;) {
      periods.push({ start, ...now.of(BY_PERIOD, start) });
      start = granularity === 'week' ? addDays(start, 7) : bucketOf(addDays(start, 31), 'month');
    }
    return {
      from: query.from,
      to: query.to,
      granularity,
      serviceId,
      locationId: query.locationId ?? null,
      locationIds,
      totals: now.of(OVERALL, null),
      previous: { ...previous, ...before.of(OVERALL, null) },
      periods,
      services: [...new Set([...now.keys(BY_SERVICE), ...before.keys(BY_SERVICE)])]
        .map((id) => ({
          serviceId: id,
          name: names.get(id) ?? null,
          ...now.of(BY_SERVICE, id),
          previous: before.of(BY_SERVICE, id),
        }))
        .sort((a, b) => (a.name?.de ?? '\uffff').localeCompare(b.name?.de ?? '\uffff', 'de')),
      locations: locationIds
        .map((id) => ({
          locationId: id,
          name: locationNames.get(id) ?? '',
          ...now.of(BY_LOCATION, id),
          previous: before.of(BY_LOCATION, id),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'de')),
    };
  }

  private async serviceNames(): Promise<Map<string, { de: string; en: string }>> {
    const rows = await this.dataSource.query<{ service_id: string; name: { de: string; en: string } }[]>(
      `SELECT service_id, name FROM catalogue_services`,
    );
    return new Map(rows.map((r) => [r.service_id, { de: r.name.de, en: r.name.en }]));
  }

  /** The figures of from..to, readable per grouping set and key. */
  private async figures(
    locationIds: string[],
    serviceId: string | null,
    from: string,
    to: string,
    granularity: Granularity,
  ): Promise<{
    of: (g: number, key: string | null) => AppointmentCheckFiguresDto;
    keys: (g: number) => string[];
  }> {
    const zone = this.config.CITY_TIME_ZONE;
    const start = new Date(startOfDay(from, zone));
    const end = new Date(startOfDay(addDays(to, 1), zone));
    const svc = (n: number): string => `($${n}::uuid IS NULL OR service_id = $${n})`;
    const [appointments, waits, leads, offers] = await Promise.all([
      this.dataSource.query<AppointmentRow[]>(
        `WITH a AS (
           SELECT to_char(date_trunc($5, start_at AT TIME ZONE $4), 'YYYY-MM-DD') AS bucket, service_id, location_id,
                  status, extract(epoch FROM end_at - start_at) / 60 AS minutes
             FROM appointments
            WHERE location_id = ANY ($1) AND start_at >= $2 AND start_at < $3 AND ${svc(6)})
         SELECT ${GROUPING_COLUMNS},
                count(*) FILTER (WHERE status <> 'expired')::int AS bookings,
                count(*) FILTER (WHERE status = 'cancelled')::int AS cancellations,
                count(*) FILTER (WHERE status = 'no_show')::int AS no_shows,
                count(*) FILTER (WHERE status = 'completed')::int AS completed,
                coalesce(sum(minutes) FILTER (WHERE status NOT IN ('cancelled', 'expired')), 0)::float8 AS booked_minutes
           FROM a ${GROUPING_SETS}`,
        [locationIds, start, end, zone, granularity, serviceId],
      ),
      this.dataSource.query<WaitRow[]>(
        `WITH t AS (
           SELECT to_char(date_trunc($4, service_day::timestamp), 'YYYY-MM-DD') AS bucket, service_id, location_id, kind,
                  GREATEST(extract(epoch FROM called_at - GREATEST(arrived_at, COALESCE(due_at, arrived_at))) / 60, 0) AS wait
             FROM tickets
            WHERE location_id = ANY ($1) AND service_day BETWEEN $2::date AND $3::date AND called_at IS NOT NULL
              AND ${svc(5)})
         SELECT ${GROUPING_COLUMNS},
                percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) FILTER (WHERE kind = 'appointment') AS booked_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) FILTER (WHERE kind = 'appointment') AS booked_p90,
                count(*) FILTER (WHERE kind = 'appointment')::int AS booked_count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) FILTER (WHERE kind = 'walk_in') AS walk_in_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) FILTER (WHERE kind = 'walk_in') AS walk_in_p90,
                count(*) FILTER (WHERE kind = 'walk_in')::int AS walk_in_count
           FROM t ${GROUPING_SETS}`,
        [locationIds, from, to, granularity, serviceId],
      ),
      this.dataSource.query<LeadRow[]>(
        `WITH n AS (
           SELECT to_char(date_trunc($4, day::timestamp), 'YYYY-MM-DD') AS bucket, service_id, location_id,
                  extract(epoch FROM next_free_at - taken_at) / 86400 AS days
             FROM next_free_slots
            WHERE location_id = ANY ($1) AND day BETWEEN $2::date AND $3::date AND ${svc(5)})
         SELECT ${GROUPING_COLUMNS},
                percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE days IS NOT NULL) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY days) FILTER (WHERE days IS NOT NULL) AS p90,
                count(*)::int AS count, count(*) FILTER (WHERE days IS NULL)::int AS none_free
           FROM n ${GROUPING_SETS}`,
        [locationIds, from, to, granularity, serviceId],
      ),
      this.offers(locationIds, serviceId, from, to),
    ]);

    const find = <T extends Grouped>(rows: T[], g: number, key: string | null): T | undefined =>
      rows.find(
        (r) =>
          r.g === g &&
          (g === BY_PERIOD
            ? r.bucket
            : g === BY_SERVICE
              ? r.service_id
              : g === BY_LOCATION
                ? r.location_id
                : null) === key,
      );
    const offered = (g: number, key: string | null): number => {
      let sum = 0;
      for (const o of offers) {
        if (g === BY_PERIOD && bucketOf(o.date, granularity) !== key) continue;
        if (g === BY_LOCATION && o.locationId !== key) continue;
        // per service: the counters serving it; otherwise the offices' counters once (serviceId null)
        if (g === BY_SERVICE ? o.serviceId !== key : o.serviceId !== serviceId) continue;
        sum += o.minutes;
      }
      return sum;
    };
    const keyOf = (g: number) => (r: Grouped) =>
      g === BY_PERIOD ? r.bucket : g === BY_SERVICE ? r.service_id : r.location_id;
    return {
      of: (g, key) => {
        const a = find(appointments, g, key);
        const w = find(waits, g, key);
        const l = find(leads, g, key);
        const noShows = a?.no_shows ?? 0;
        const completed = a?.completed ?? 0;
        const bookedMinutes = Math.round(a?.booked_minutes ?? 0);
        const offeredMinutes = Math.round(offered(g, key));
        return {
          bookings: a?.bookings ?? 0,
          cancellations: a?.cancellations ?? 0,
          noShows,
          completed,
          noShowRate: share(noShows, noShows + completed),
          offeredMinutes,
          bookedMinutes,
          utilisation: share(bookedMinutes, offeredMinutes),
          leadTimeDays: {
            median: round1(l?.median ?? null),
            p90: round1(l?.p90 ?? null),
            count: l?.count ?? 0,
            noneFree: l?.none_free ?? 0,
          },
          waitingBooked: {
            median: round1(w?.booked_median ?? null),
            p90: round1(w?.booked_p90 ?? null),
            count: w?.booked_count ?? 0,
          },
          waitingWalkIn: {
            median: round1(w?.walk_in_median ?? null),
            p90: round1(w?.walk_in_p90 ?? null),
            count: w?.walk_in_count ?? 0,
          },
        };
      },
      keys: (g) => {
        const keys = new Set<string>();
        for (const rows of [appointments, waits, leads] as Grouped[][])
          for (const r of rows) if (r.g === g && keyOf(g)(r) !== null) keys.add(keyOf(g)(r)!);
        if (g === BY_SERVICE)
          for (const o of offers) if (o.serviceId !== null && o.minutes > 0) keys.add(o.serviceId);
        return [...keys];
      },
    };
  }

  /**
   * Offered appointment time per day and office: opening minutes (hours, closures, holidays) × the active
   * counters; per service × the counters serving it. Counters and services are read as they are now.
   */
  private async offers(
    locationIds: string[],
    serviceId: string | null,
    from: string,
    to: string,
  ): Promise<Offer[]> {
    if (locationIds.length === 0) return [];
    const zone = this.config.CITY_TIME_ZONE;
    const counters = await this.dataSource.query<
      { location_id: string; service_id: string | null; counters: number }[]
    >(
      `SELECT l.id AS location_id, NULL::uuid AS service_id,
              (SELECT count(*) FROM counters c WHERE c.location_id = l.id AND c.active)::int AS counters
         FROM locations l WHERE l.id = ANY ($1) AND $2::uuid IS NULL
       UNION ALL
       SELECT ls.location_id, ls.service_id,
              (SELECT count(*) FROM counters c WHERE c.location_id = ls.location_id AND c.active
                 AND (ls.counter_ids IS NULL OR c.id = ANY (ls.counter_ids)))::int
         FROM location_services ls WHERE ls.location_id = ANY ($1) AND ($2::uuid IS NULL OR ls.service_id = $2)`,
      [locationIds, serviceId],
    );
    const offers: Offer[] = [];
    for (const locationId of locationIds) {
      const mine = counters.filter((c) => c.location_id === locationId && c.counters > 0);
      if (mine.length === 0) continue;
      const [hours, closures] = await Promise.all([
        this.locations.hoursOf([locationId]),
        this.locations.closuresOf(locationId, from, to),
      ]);
      const rules = {
        zone,
        hours: hours.map((h) => ({ weekday: h.weekday, opens: hhmm(h.opens), closes: hhmm(h.closes) })),
        closures: closures.map((c) => ({
          date: c.date,
          starts: c.starts === null ? null : hhmm(c.starts),
          ends: c.ends === null ? null : hhmm(c.ends),
        })),
        isHoliday: (date: string) => this.holidays.holidayOn(date) !== null,
      };
      for (let date = from; date <= to; date = addDays(date, 1)) {
        const minutes = openSpans(date, rules).reduce((sum, s) => sum + (s.end - s.start) / 60_000, 0);
        if (minutes === 0) continue;
        for (const c of mine)
          offers.push({ date, locationId, serviceId: c.service_id, minutes: minutes * c.counters });
      }
    }
    return offers;
  }
}
