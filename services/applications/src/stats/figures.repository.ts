import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CITY_ZONE } from '../applications/working-days';
import { ApplicationsConfig } from '../config';

/**
 * The anonymised figures GET /transparency publishes and GET /services/{id} shows. No figure is computed
 * from fewer than TRANSPARENCY_MIN_CASES cases, so nobody can be singled out.
 */
@Injectable()
export class FiguresRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApplicationsConfig,
  ) {}

  get minCases(): number {
    return this.config.TRANSPARENCY_MIN_CASES;
  }

  /** Median calendar days from first submission to decision per service over the last 90 days. */
  async processingMedians(
    now: Date,
    serviceId?: string,
  ): Promise<Map<string, { days: number; cases: number }>> {
    const rows = await this.dataSource.query<{ service_id: string; cases: number; median: number }[]>(
      `SELECT service_id, count(*)::int AS cases,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - first_submitted_at) / 86400) AS median
       FROM applications
       WHERE status IN ('approved', 'rejected') AND decided_at >= $1::timestamptz - interval '90 days'
         AND decided_at <= $1 AND first_submitted_at IS NOT NULL AND ($2::uuid IS NULL OR service_id = $2)
       GROUP BY service_id`,
      [now.toISOString(), serviceId ?? null],
    );
    const result = new Map<string, { days: number; cases: number }>();
    for (const row of rows) {
      if (row.cases >= this.minCases) {
        result.set(row.service_id, { days: Math.round(Number(row.median) * 10) / 10, cases: row.cases });
      }
    }
    return result;
  }

  /**
   * Per active office (known from `location.changed`): people served in the last 30 days, and the median
   * wait from arrival to call today (the city's day) and over the last 30 days. A figure resting on fewer
   * than the minimum of cases is null. Offices that were deactivated, or whose `location.changed` has not
   * arrived, are left out: the public page lists the offices one can go to, by name.
   */
  async officeFigures(now: Date): Promise<OfficeFigures[]> {
    const rows = await this.dataSource.query<
      {
        location_id: string;
        name: string;
        served_30: number;
        median_30: number | null;
        served_today: number;
        median_today: number | null;
      }[]
    >(
      `WITH recent AS (
         SELECT location_id, wait_minutes,
                (completed_at AT TIME ZONE $2)::date = ($1::timestamptz AT TIME ZONE $2)::date AS today
         FROM served_tickets
         WHERE completed_at > $1::timestamptz - interval '30 days' AND completed_at <= $1
       ), figures AS (
         SELECT location_id, count(*)::int AS served_30,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_minutes) AS median_30,
                count(*) FILTER (WHERE today)::int AS served_today,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_minutes) FILTER (WHERE today) AS median_today
         FROM recent GROUP BY location_id
       )
       SELECT l.location_id, l.name,
              coalesce(f.served_30, 0) AS served_30, f.median_30,
              coalesce(f.served_today, 0) AS served_today, f.median_today
       FROM office_locations l
       LEFT JOIN figures f ON f.location_id = l.location_id
       WHERE l.active
       ORDER BY l.name, l.location_id`,
      [now.toISOString(), CITY_ZONE],
    );
    const min = this.minCases;
    const minutes = (value: number | null): number => Math.round(Number(value) * 10) / 10;
    return rows.map((r) => ({
      locationId: r.location_id,
      name: r.name,
      servedLast30Days: r.served_30 >= min ? r.served_30 : null,
      waitingMinutesToday: r.served_today >= min ? minutes(r.median_today) : null,
      medianWaitingMinutes30Days: r.served_30 >= min ? minutes(r.median_30) : null,
    }));
  }
}

export interface OfficeFigures {
  locationId: string;
  name: string;
  servedLast30Days: number | null;
  waitingMinutesToday: number | null;
  medianWaitingMinutes30Days: number | null;
}
