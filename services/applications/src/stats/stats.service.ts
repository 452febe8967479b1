import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ValidationProblem, Clock } from '@buergeramt/platform';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { CITY_ZONE } from '../applications/working-days';
import type { ApplicationStatsDto, StatsQueryDto } from './stats.dto';

const round1 = (n: number | string | null): number | null =>
  n === null ? null : Math.round(Number(n) * 10) / 10;

/** Period bounds in the city's calendar: [from 00:00, to+1 00:00) Berlin time. */
export function periodOf(
  query: { from?: string; to?: string },
  now: Date,
): { from: string; to: string; start: Date; end: Date } {
  const today = DateTime.fromJSDate(now, { zone: CITY_ZONE }).startOf('day');
  const to = query.to ? DateTime.fromISO(query.to, { zone: CITY_ZONE }) : today;
  const from = query.from ? DateTime.fromISO(query.from, { zone: CITY_ZONE }) : to.minus({ days: 89 });
  if (!from.isValid || !to.isValid)
    throw new ValidationProblem([{ field: 'from', message: 'must be a date YYYY-MM-DD' }]);
  if (from > to) throw new ValidationProblem([{ field: 'from', message: 'must not be after to' }]);
  if (to.diff(from, 'days').days > 366)
    throw new ValidationProblem([{ field: 'to', message: 'must be at most 366 days after from' }]);
  return {
    from: from.toISODate(),
    to: to.toISODate(),
    start: from.startOf('day').toJSDate(),
    end: to.plus({ days: 1 }).startOf('day').toJSDate(),
  };
}

@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async applications(query: StatsQueryDto): Promise<ApplicationStatsDto> {
    const now = this.clock.now();
    const period = periodOf(query, now);
    const params = [period.start, period.end, query.serviceId ?? null];
    const svc = `($3::uuid IS NULL OR service_id = $3)`;
    const [totals] = await this.dataSource.query<Record<string, string | number | null>[]>(
      `SELECT
         count(*) FILTER (WHERE first_submitted_at >= $1 AND first_submitted_at < $2)::int AS submitted,
         count(*) FILTER (WHERE decided_at >= $1 AND decided_at < $2 AND status IN ('approved', 'rejected'))::int AS decided,
         count(*) FILTER (WHERE decided_at >= $1 AND decided_at < $2 AND status = 'approved')::int AS approved,
         count(*) FILTER (WHERE decided_at >= $1 AND decided_at < $2 AND status = 'rejected')::int AS rejected,
         (SELECT count(*)::int FROM application_transitions t WHERE t.to_status = 'withdrawn' AND t.at >= $1 AND t.at < $2
            AND t.application_id IN (SELECT id FROM applications WHERE ${svc})) AS withdrawn,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - first_submitted_at) / 86400)
           FILTER (WHERE decided_at >= $1 AND decided_at < $2 AND status IN ('approved', 'rejected')) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - first_submitted_at) / 86400)
           FILTER (WHERE decided_at >= $1 AND decided_at < $2 AND status IN ('approved', 'rejected')) AS p90,
         avg(CASE WHEN decided_at <= due_at THEN 1.0 ELSE 0.0 END)
           FILTER (WHERE decided_at >= $1 AND decided_at < $2 AND status IN ('approved', 'rejected')) AS within,
         count(*) FILTER (WHERE status IN ('submitted', 'in_review', 'info_requested'))::int AS backlog,
         count(*) FILTER (WHERE status IN ('submitted', 'in_review') AND due_at < $4)::int AS overdue
       FROM applications WHERE ${svc}`,
      [...params, now],
    );
    const weeks = await this.dataSource.query<
      { week_start: string; submitted: number; decided: number; median: number | null }[]
    >(
      `WITH events AS (
         SELECT date_trunc('week', first_submitted_at AT TIME ZONE 'Europe/Berlin')::date AS week_start, 1 AS submitted, 0 AS decided, NULL::float8 AS days
         FROM applications WHERE first_submitted_at >= $1 AND first_submitted_at < $2 AND ${svc}
         UNION ALL
         SELECT date_trunc('week', decided_at AT TIME ZONE 'Europe/Berlin')::date, 0, 1,
                extract(epoch FROM decided_at - first_submitted_at) / 86400
         FROM applications WHERE decided_at >= $1 AND decided_at < $2 AND status IN ('approved', 'rejected') AND ${svc}
       )
       SELECT to_char(week_start, 'YYYY-MM-DD') AS week_start, sum(submitted)::int AS submitted, sum(decided)::int AS decided,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median
       FROM events GROUP BY week_start ORDER BY week_start`,
      params,
    );
    return {
      from: period.from,
      to: period.to,
      serviceId: query.serviceId ?? null,
      submitted: Number(totals?.submitted ?? 0),
      decided: Number(totals?.decided ?? 0),
      approved: Number(totals?.approved ?? 0),
      rejected: Number(totals?.rejected ?? 0),
      withdrawn: Number(totals?.withdrawn ?? 0),
      processingDays: { median: round1(totals?.median ?? null), p90: round1(totals?.p90 ?? null) },
      withinTargetShare:
        totals?.within === null || totals?.within === undefined
          ? null
          : Math.round(Number(totals.within) * 1000) / 1000,
      openBacklog: Number(totals?.backlog ?? 0),
      overdue: Number(totals?.overdue ?? 0),
      byWeek: weeks.map((w) => {
        const start = DateTime.fromISO(w.week_start, { zone: CITY_ZONE });
        return {
          week: `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`,
          weekStart: w.week_start,
          submitted: w.submitted,
          decided: w.decided,
          medianProcessingDays: round1(w.median),
        };
      }),
    };
  }
}
