import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { CITY_ZONE } from '../applications/working-days';
import type { CostModel } from '../catalogue/catalogue.entities';
import { Clock } from '../common/clock';
import type {
  DigitalisationDto,
  DigitalisationFiguresDto,
  DigitalisationQueryDto,
  Granularity,
} from './digitalisation.dto';
import { periodOf } from './stats.service';

/** What one week or month of one service counted (the SQL's rows). */
interface Counts {
  bucket: string;
  service_id: string;
  online: number;
  saved: number;
  counter: number;
  linked: number;
}

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
    const [rows, before] = await Promise.all([
      this.counts(period.start, period.end, granularity, filters),
      this.counts(previous.start, previous.end, granularity, filters),
    ]);
    const services = await this.services([...new Set([...rows, ...before].map((r) => r.service_id))]);
    const figures = (counts: Counts[]): DigitalisationFiguresDto =>
      figuresOf(counts, services, filters.locationId !== null);

    const buckets = bucketsOf(period.from, period.to, granularity);
    const byBucket = groupBy(rows, (r) => r.bucket);
    const byService = groupBy(rows, (r) => r.service_id);
    return {
      from: period.from,
      to: period.to,
      granularity,
      serviceId: filters.serviceId,
      locationId: filters.locationId,
      totals: figures(rows),
      previous: { from: previous.from, to: previous.to, ...figures(before) },
      periods: buckets.map((start) => ({ start, ...figures(byBucket.get(start) ?? []) })),
      services: [...byService.entries()]
        .map(([serviceId, counts]) => ({
          serviceId,
          name: services.get(serviceId)?.name ?? null,
          hasCostModel: Boolean(services.get(serviceId)?.costModel),
          ...figures(counts),
        }))
        .sort((a, b) => (a.name?.de ?? '\uffff').localeCompare(b.name?.de ?? '\uffff', 'de')),
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
): DigitalisationFiguresDto {
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
