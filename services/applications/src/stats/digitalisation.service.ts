import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { CITY_ZONE } from '../applications/working-days';
import type { CostModel } from '../catalogue/catalogue.entities';
import type {
  BacklogDto,
  DigitalisationDto,
  DigitalisationFiguresDto,
  DigitalisationQueryDto,
  Granularity,
} from './digitalisation.dto';
import { periodOf } from './stats.service';
import { Clock } from '@buergeramt/platform';

/** What one week or month of one service counted (the SQL's rows). */
interface Counts {
  bucket: string;
  service_id: string;
  online: number;
  saved: number;
  counter: number;
  linked: number;
}

/** Processing figures of one grouping set (GROUPING(bucket, service_id): 1 period, 2 service, 3 all). */
interface ProcessingRow {
  g: number;
  bucket: string | null;
  service_id: string | null;
  median: number | null;
  p90: number | null;
  within: number | null;
}

const round1 = (n: number | string | null): number | null =>
  n === null ? null : Math.round(Number(n) * 10) / 10;

/** Days a visit may follow a decision and still belong to its case (e.g. collecting a document). */
const VISIT_AFTER_DECISION_DAYS = 30;

/**
 * The digitalisation check (decision §29): per week or month, by service and office, whether the digital
 * office works — the share of cases applied for online, the visits saved, and the staff and residents'
 * time saved by the online cases (the services' cost models, Standardkostenmodell). Counted in SQL over
 * the applications and the offices' read models (`served_tickets`, `served_appointments`), summed here.
 */
@Injectable()
export class DigitalisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async check(query: DigitalisationQueryDto): Promise<DigitalisationDto> {
    const now = this.clock.now();
    const period = periodOf(query, now);
    const granularity: Granularity = query.granularity ?? 'month';
    const first = DateTime.fromISO(period.from, { zone: CITY_ZONE });
    const days = DateTime.fromISO(period.to, { zone: CITY_ZONE }).diff(first, 'days').days + 1;
    const previous = {
      from: first.minus({ days }).toISODate()!,
      to: first.minus({ days: 1 }).toISODate()!,
      start: first.minus({ days }).toJSDate(),
      end: first.toJSDate(),
    };
    const filters = { serviceId: query.serviceId ?? null, locationId: query.locationId ?? null };
    const [rows, before, processing, processingBefore, backlog, previousBacklog] = await Promise.all([
      this.counts(period.start, period.end, granularity, filters),
      this.counts(previous.start, previous.end, granularity, filters),
      this.processing(period.start, period.end, granularity, filters),
      this.processing(previous.start, previous.end, granularity, filters),
      this.backlog(period.end < now ? period.end : now, filters),
      this.backlog(previous.end < now ? previous.end : now, filters),
    ]);
    const services = await this.services([
      ...new Set([
        ...[...rows, ...before].map((r) => r.service_id),
        ...[...backlog.services, ...previousBacklog.services].map((s) => s.serviceId),
      ]),
    ]);
    // the backlog per service, by German name, with the catalogue's names
    for (const b of [backlog, previousBacklog])
      b.services = b.services
        .map((s) => ({ ...s, name: services.get(s.serviceId)?.name ?? null }))
        .sort((x, y) => (x.name?.de ?? '\uffff').localeCompare(y.name?.de ?? '\uffff', 'de'));
    const withProcessing = (
      figures: Omit<DigitalisationFiguresDto, 'processingDays' | 'withinTargetShare'>,
      row: ProcessingRow | undefined,
    ): DigitalisationFiguresDto => ({
      ...figures,
      processingDays: { median: round1(row?.median ?? null), p90: round1(row?.p90 ?? null) },
      withinTargetShare:
        row?.within === null || row?.within === undefined ? null : Math.round(row.within * 1000) / 1000,
    });
    const processingOf = (all: ProcessingRow[], g: number, key: string | null) =>
      all.find((r) => r.g === g && (g === 1 ? r.bucket : g === 2 ? r.service_id : null) === key);
    const figures = (
      counts: Counts[],
      g: number,
      key: string | null,
      all = processing,
    ): DigitalisationFiguresDto =>
      withProcessing(figuresOf(counts, services, filters.locationId !== null), processingOf(all, g, key));

    const buckets = bucketsOf(period.from, period.to, granularity);
    const byBucket = groupBy(rows, (r) => r.bucket);
    const byService = groupBy(rows, (r) => r.service_id);
    return {
      from: period.from,
      to: period.to,
      granularity,
      serviceId: filters.serviceId,
      locationId: filters.locationId,
      totals: figures(rows, 3, null),
      previous: { from: previous.from, to: previous.to, ...figures(before, 3, null, processingBefore) },
      periods: buckets.map((start) => ({ start, ...figures(byBucket.get(start) ?? [], 1, start) })),
      services: [...byService.entries()]
        .map(([serviceId, counts]) => ({
          serviceId,
          name: services.get(serviceId)?.name ?? null,
          hasCostModel: Boolean(services.get(serviceId)?.costModel),
          ...figures(counts, 2, serviceId),
        }))
        .sort((a, b) => (a.name?.de ?? '\uffff').localeCompare(b.name?.de ?? '\uffff', 'de')),
      backlog,
      previousBacklog,
    };
  }

  /**
   * Processing days (median, p90) and the share decided by the due date of the online cases decided in
   * [start, end): per week or month (g = 1), per service (g = 2) and overall (g = 3). None for one office.
   */
  private processing(
    start: Date,
    end: Date,
    granularity: Granularity,
    filters: { serviceId: string | null; locationId: string | null },
  ): Promise<ProcessingRow[]> {
    if (filters.locationId !== null) return Promise.resolve([]);
    return this.dataSource.query<ProcessingRow[]>(
      `WITH d AS (
         SELECT to_char(date_trunc($4, decided_at AT TIME ZONE $5), 'YYYY-MM-DD') AS bucket, service_id,
                extract(epoch FROM decided_at - first_submitted_at) / 86400 AS days,
                CASE WHEN decided_at <= due_at THEN 1.0 ELSE 0.0 END AS within
           FROM applications
          WHERE status IN ('approved', 'rejected') AND decided_at >= $1 AND decided_at < $2
            AND first_submitted_at IS NOT NULL AND ($3::uuid IS NULL OR service_id = $3))
       SELECT GROUPING(bucket, service_id)::int AS g, bucket, service_id,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90,
              avg(within)::float8 AS within
         FROM d GROUP BY GROUPING SETS ((bucket), (service_id), ())`,
      [start, end, filters.serviceId, granularity, CITY_ZONE],
    );
  }

  /**
   * The cases open at `at`: first submitted before it, not decided and not withdrawn by then (the
   * transitions keep when), with their age, overall and per service (one `GROUPING SETS` query: the
   * percentiles cannot be summed from the services'); none for one office (online cases belong to no
   * office). The services' names are filled in by the caller.
   */
  private async backlog(
    at: Date,
    filters: { serviceId: string | null; locationId: string | null },
  ): Promise<BacklogDto> {
    const rows =
      filters.locationId !== null
        ? []
        : await this.dataSource.query<
            {
              g: number;
              service_id: string | null;
              open: number;
              overdue: number;
              median: number | null;
              p90: number | null;
              oldest: number | null;
            }[]
          >(
            `WITH open AS (
               SELECT a.service_id, a.due_at, extract(epoch FROM $1 - a.first_submitted_at) / 86400 AS age
                 FROM applications a
                WHERE a.first_submitted_at < $1 AND (a.decided_at IS NULL OR a.decided_at >= $1)
                  AND ($2::uuid IS NULL OR a.service_id = $2)
                  AND NOT EXISTS (SELECT 1 FROM application_transitions t
                                   WHERE t.application_id = a.id AND t.to_status = 'withdrawn' AND t.at < $1))
             SELECT GROUPING(service_id)::int AS g, service_id,
                    count(*)::int AS open, count(*) FILTER (WHERE due_at < $1)::int AS overdue,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY age) AS median,
                    percentile_cont(0.9) WITHIN GROUP (ORDER BY age) AS p90, max(age)::float8 AS oldest
               FROM open GROUP BY GROUPING SETS ((service_id), ())`,
            [at, filters.serviceId],
          );
    const figures = (row: (typeof rows)[number] | undefined) => ({
      open: row?.open ?? 0,
      overdue: row?.overdue ?? 0,
      ageDays: { median: round1(row?.median ?? null), p90: round1(row?.p90 ?? null) },
      oldestDays: round1(row?.oldest ?? null),
    });
    return {
      at: at.toISOString(),
      ...figures(rows.find((r) => r.g === 1)),
      services: rows
        .filter((r) => r.g === 0 && r.service_id !== null)
        .map((r) => ({ serviceId: r.service_id!, name: null, ...figures(r) })),
    };
  }

  /** The cases and visits of [start, end) per week or month and service. */
  private counts(
    start: Date,
    end: Date,
    granularity: Granularity,
    filters: { serviceId: string | null; locationId: string | null },
  ): Promise<Counts[]> {
    return this.dataSource.query<Counts[]>(
      `WITH online AS (
         SELECT a.service_id, a.decided_at AS at,
                NOT EXISTS (SELECT 1 FROM served_appointments v
                             WHERE v.user_id = a.owner_id AND v.service_id = a.service_id
                               AND v.completed_at >= a.created_at
                               AND v.completed_at <= a.decided_at + make_interval(days => $7)) AS saved
           FROM applications a
          WHERE a.status IN ('approved', 'rejected') AND a.decided_at >= $1 AND a.decided_at < $2
            AND ($3::uuid IS NULL OR a.service_id = $3) AND $4::uuid IS NULL
       ), counter AS (
         SELECT t.service_id, t.completed_at AS at FROM served_tickets t
          WHERE t.completed_at >= $1 AND t.completed_at < $2
            AND ($3::uuid IS NULL OR t.service_id = $3) AND ($4::uuid IS NULL OR t.location_id = $4)
       ), linked AS (
         SELECT v.service_id, v.completed_at AS at FROM served_appointments v
          WHERE v.completed_at >= $1 AND v.completed_at < $2 AND v.user_id IS NOT NULL
            AND ($3::uuid IS NULL OR v.service_id = $3) AND ($4::uuid IS NULL OR v.location_id = $4)
            AND EXISTS (SELECT 1 FROM applications a
                         WHERE a.owner_id = v.user_id AND a.service_id = v.service_id
                           AND a.first_submitted_at IS NOT NULL AND v.completed_at >= a.created_at
                           AND (a.decided_at IS NULL
                                OR v.completed_at <= a.decided_at + make_interval(days => $7)))
       ), events AS (
         SELECT service_id, at, 1 AS online, saved::int AS saved, 0 AS counter, 0 AS linked FROM online
         UNION ALL SELECT service_id, at, 0, 0, 1, 0 FROM counter
         UNION ALL SELECT service_id, at, 0, 0, 0, 1 FROM linked
       )
       SELECT to_char(date_trunc($5, at AT TIME ZONE $6), 'YYYY-MM-DD') AS bucket, service_id,
              sum(online)::int AS online, sum(saved)::int AS saved,
              sum(counter)::int AS counter, sum(linked)::int AS linked
         FROM events GROUP BY 1, 2 ORDER BY 1, 2`,
      [start, end, filters.serviceId, filters.locationId, granularity, CITY_ZONE, VISIT_AFTER_DECISION_DAYS],
    );
  }

  private async services(
    ids: string[],
  ): Promise<Map<string, { name: { de: string; en: string }; costModel: CostModel | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<
      { id: string; name: { de: string; en: string }; cost_model: CostModel | null }[]
    >(`SELECT id, name, cost_model FROM services WHERE id = ANY ($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, { name: r.name, costModel: r.cost_model }]));
  }
}

/** The figures of some counted rows, with the savings from each service's cost model. */
export function figuresOf(
  counts: readonly Counts[],
  services: ReadonlyMap<string, { costModel: CostModel | null }>,
  oneOffice: boolean,
): Omit<DigitalisationFiguresDto, 'processingDays' | 'withinTargetShare'> {
  let onlineCases = 0;
  let counterVisits = 0;
  let linked = 0;
  let visitsSaved = 0;
  let staffMinutes = 0;
  let staffEuros = 0;
  let residentMinutes = 0;
  let casesWithoutCostModel = 0;
  for (const row of counts) {
    onlineCases += row.online;
    counterVisits += row.counter;
    linked += row.linked;
    visitsSaved += row.saved;
    const model = services.get(row.service_id)?.costModel ?? null;
    if (!model) {
      casesWithoutCostModel += row.online;
      continue;
    }
    const staff = row.online * (model.counterStaffMinutes - model.onlineStaffMinutes);
    staffMinutes += staff;
    staffEuros += (staff / 60) * model.staffHourlyRate;
    residentMinutes += row.online * (model.counterResidentMinutes - model.onlineResidentMinutes);
  }
  const counterCases = Math.max(0, counterVisits - linked);
  const all = onlineCases + counterCases;
  return {
    onlineCases,
    counterVisits,
    counterCases,
    onlineShare: oneOffice || all === 0 ? null : Math.round((onlineCases / all) * 1000) / 1000,
    visitsSaved,
    staffHoursSaved: Math.round((staffMinutes / 60) * 10) / 10,
    staffEurosSaved: Math.round(staffEuros * 100) / 100,
    residentHoursSaved: Math.round((residentMinutes / 60) * 10) / 10,
    casesWithoutCostModel,
  };
}

/** The first day of every week (Monday) or month that overlaps from..to, oldest first. */
export function bucketsOf(from: string, to: string, granularity: Granularity): string[] {
  const unit = granularity === 'week' ? 'week' : 'month';
  const last = DateTime.fromISO(to, { zone: CITY_ZONE }).startOf(unit);
  const buckets: string[] = [];
  for (
    let at = DateTime.fromISO(from, { zone: CITY_ZONE }).startOf(unit);
    at <= last;
    at = at.plus({ [`${unit}s`]: 1 })
  )
    buckets.push(at.toISODate()!);
  return buckets;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
