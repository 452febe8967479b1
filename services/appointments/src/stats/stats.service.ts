import type { AuthUser } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HolidayCalendar } from '../calendar/holidays';
import { openSpans } from '../calendar/slot-engine';
import { assertDateRange } from '../calendar/date-range';
import { addDays, hhmm, startOfDay } from '../calendar/time';
import { assertWorksAt } from '../common/staff-access';
import { AppointmentsConfig } from '../config';
import { LocationsRepository } from '../locations/locations.repository';
import type { AppointmentMetricsDto, AppointmentStatsDto, StatsQueryDto } from './dto/stats.dto';

const MAX_RANGE_DAYS = 366;

interface AppointmentRow {
  day: string | null;
  bookings: number;
  cancellations: number;
  no_shows: number;
  completed: number;
}

interface TicketRow {
  day: string | null;
  walk_ins: number;
  served: number;
  wait_median: number | null;
  wait_p90: number | null;
  service_median: number | null;
  service_p90: number | null;
  service_sum: number | null;
}

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/** GET /stats/appointments: computed from the recorded times of appointments and tickets. */
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly locations: LocationsRepository,
    private readonly holidays: HolidayCalendar,
  ) {}

  async appointments(query: StatsQueryDto, user: AuthUser): Promise<AppointmentStatsDto> {
    assertDateRange(query.from, query.to, MAX_RANGE_DAYS);

    let locationIds: string[];
    if (query.locationId) {
      if (user.kind === 'user') assertWorksAt(user, query.locationId);
      locationIds = [query.locationId];
    } else {
      const all = (await this.locations.listLocations(false)).map((l) => l.id);
      locationIds = user.locationIds ? all.filter((id) => user.locationIds!.includes(id)) : all;
    }
    const zone = this.config.CITY_TIME_ZONE;
    const from = new Date(startOfDay(query.from, zone));
    const to = new Date(startOfDay(addDays(query.to, 1), zone));

    const appointmentRows: AppointmentRow[] = await this.dataSource.query(
      `SELECT to_char((start_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE status <> 'expired')::int AS bookings,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancellations,
              count(*) FILTER (WHERE status = 'no_show')::int AS no_shows,
              count(*) FILTER (WHERE status = 'completed')::int AS completed
         FROM appointments
        WHERE location_id = ANY ($1) AND start_at >= $2 AND start_at < $3
        GROUP BY GROUPING SETS ((1), ())`,
      [locationIds, from, to, zone],
    );
    const ticketRows: TicketRow[] = await this.dataSource.query(
      `WITH t AS (
         SELECT service_day, kind, status,
                extract(epoch FROM called_at - GREATEST(arrived_at, COALESCE(due_at, arrived_at))) / 60 AS wait,
                CASE WHEN status = 'completed'
                     THEN extract(epoch FROM finished_at - COALESCE(started_at, called_at)) / 60 END AS service
           FROM tickets
          WHERE location_id = ANY ($1) AND service_day BETWEEN $2 AND $3)
       SELECT to_char(service_day, 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE kind = 'walk_in')::int AS walk_ins,
              count(*) FILTER (WHERE status = 'completed')::int AS served,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(wait, 0)) FILTER (WHERE wait IS NOT NULL) AS wait_median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY GREATEST(wait, 0)) FILTER (WHERE wait IS NOT NULL) AS wait_p90,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY service) FILTER (WHERE service IS NOT NULL) AS service_median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY service) FILTER (WHERE service IS NOT NULL) AS service_p90,
              sum(service)::float8 AS service_sum
         FROM t
        GROUP BY GROUPING SETS ((service_day), ())`,
      [locationIds, query.from, query.to],
    );

    // capacity: opening minutes of each day times the location's active counters
    const capacity = new Map<string, number>();
    for (const locationId of locationIds) {
      const [hours, closures, counters] = await Promise.all([
        this.locations.hoursOf([locationId]),
        this.locations.closuresOf(locationId, query.from, query.to),
        this.locations.countersOf([locationId]),
      ]);
      const active = counters.filter((c) => c.active).length;
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
      for (let date = query.from; date <= query.to; date = addDays(date, 1)) {
        const minutes = openSpans(date, rules).reduce((sum, s) => sum + (s.end - s.start) / 60_000, 0);
        capacity.set(date, (capacity.get(date) ?? 0) + minutes * active);
      }
    }

    const metrics = (day: string | null): AppointmentMetricsDto => {
      const a = appointmentRows.find((r) => r.day === day);
      const t = ticketRows.find((r) => r.day === day);
      const noShows = a?.no_shows ?? 0;
      const completed = a?.completed ?? 0;
      const cap = day === null ? [...capacity.values()].reduce((s, n) => s + n, 0) : (capacity.get(day) ?? 0);
      return {
        bookings: a?.bookings ?? 0,
        cancellations: a?.cancellations ?? 0,
        noShows,
        noShowRate:
          noShows + completed > 0 ? Math.round((noShows / (noShows + completed)) * 1000) / 1000 : null,
        walkIns: t?.walk_ins ?? 0,
        served: t?.served ?? 0,
        waitingMinutes: { median: round1(t?.wait_median ?? null), p90: round1(t?.wait_p90 ?? null) },
        serviceMinutes: { median: round1(t?.service_median ?? null), p90: round1(t?.service_p90 ?? null) },
        utilisation: cap > 0 ? Math.round(((t?.service_sum ?? 0) / cap) * 1000) / 1000 : null,
      };
    };

    const days = [];
    for (let date = query.from; date <= query.to; date = addDays(date, 1))
      days.push({ date, ...metrics(date) });
    return { from: query.from, to: query.to, locationIds, totals: metrics(null), days };
  }
}
