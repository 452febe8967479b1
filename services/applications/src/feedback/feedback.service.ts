import type { Locale } from '@buergeramt/contracts';
import {
  type AuthUser,
  type FeedbackPerson,
  FeedbackTokens,
  NotFoundProblem,
  Clock,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, QueryFailedError } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CITY_ZONE } from '../applications/working-days';
import { ApplicationsProblem } from '../common/problems';
import { ApplicationsConfig } from '../config';
import { DigitalisationService } from '../stats/digitalisation.service';
import { FiguresRepository } from '../stats/figures.repository';
import { periodOf } from '../stats/stats.service';
import type {
  CreateFeedbackDto,
  FeedbackDto,
  FeedbackStatsDto,
  FeedbackStatsQueryDto,
  TransparencyDto,
} from './dto/feedback.dto';

/** Feedback of the people served, its statistics for supervisors, and the public transparency figures. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApplicationsConfig,
    private readonly figures: FiguresRepository,
    private readonly clock: Clock,
    private readonly digitalisation: DigitalisationService,
  ) {
    this.tokens = new FeedbackTokens(config.FEEDBACK_TOKEN_SECRET);
  }

  private readonly tokens: FeedbackTokens;

  /**
   * The logged-in person served, or a token from the feedback mail. `personKey` is what the read models
   * keep: the account's id when `userId` is set, else the guest's lower-cased address.
   */
  private mayRate(
    user: AuthUser | undefined,
    token: string | undefined,
    dto: CreateFeedbackDto,
    personKey: string | null,
    userId: string | null,
  ): boolean {
    if (user && user.kind === 'user' && userId !== null && user.id === userId) return true;
    if (token === undefined || personKey === null) return false;
    const person: FeedbackPerson = userId !== null ? { userId } : { email: personKey };
    return this.tokens.verify(token, dto.subjectType, dto.subjectId.toLowerCase(), person);
  }

  /** Once per subject, by the person served, after completion or decision; stored without the person. */
  async create(
    user: AuthUser | undefined,
    token: string | undefined,
    dto: CreateFeedbackDto,
  ): Promise<FeedbackDto> {
    const subjectId = dto.subjectId.toLowerCase();
    let serviceId: string | null = null;
    let locationId: string | null = null;
    if (dto.subjectType === 'appointment') {
      const [row] = await this.dataSource.query<
        { person_key: string; user_id: string | null; service_id: string; location_id: string }[]
      >(
        `SELECT person_key, user_id, service_id, location_id FROM served_appointments WHERE appointment_id = $1`,
        [subjectId],
      );
      if (!row) {
        // booked but not served (yet): refused as such for its owner, unknown (404) for everyone else
        const [booked] = await this.dataSource.query<{ person_key: string; user_id: string | null }[]>(
          `SELECT person_key, user_id FROM booked_appointments WHERE appointment_id = $1`,
          [subjectId],
        );
        if (booked && this.mayRate(user, token, dto, booked.person_key, booked.user_id))
          throw new ApplicationsProblem('feedback-not-allowed');
        throw new NotFoundProblem();
      }
      if (!this.mayRate(user, token, dto, row.person_key, row.user_id)) throw new NotFoundProblem();
      serviceId = row.service_id;
      locationId = row.location_id;
    } else {
      const [row] = await this.dataSource.query<
        { owner_id: string | null; service_id: string; status: string }[]
      >(`SELECT owner_id, service_id, status FROM applications WHERE id = $1`, [subjectId]);
      if (!row || row.owner_id === null || !this.mayRate(user, token, dto, row.owner_id, row.owner_id))
        throw new NotFoundProblem();
      if (row.status !== 'approved' && row.status !== 'rejected')
        throw new ApplicationsProblem('feedback-not-allowed');
      serviceId = row.service_id;
    }
    const id = uuidv7();
    const createdAt = this.clock.now();
    try {
      await this.dataSource.query(
        `INSERT INTO feedback (id, subject_type, subject_id, service_id, location_id, rating, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          dto.subjectType,
          subjectId,
          serviceId,
          locationId,
          dto.rating,
          dto.comment?.trim() || null,
          createdAt,
        ],
      );
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
        throw new ApplicationsProblem('feedback-exists');
      throw error;
    }
    return {
      id,
      subjectType: dto.subjectType,
      subjectId,
      rating: dto.rating,
      createdAt: createdAt.toISOString(),
    };
  }

  async stats(query: FeedbackStatsQueryDto): Promise<FeedbackStatsDto> {
    const period = periodOf(query, this.clock.now());
    const where = `created_at >= $1 AND created_at < $2 AND ($3::uuid IS NULL OR service_id = $3)
                   AND ($4::uuid IS NULL OR location_id = $4)`;
    const params = [period.start, period.end, query.serviceId ?? null, query.locationId ?? null];
    const [totals] = await this.dataSource.query<{ count: number; avg: string | null }[]>(
      `SELECT count(*)::int AS count, avg(rating) AS avg FROM feedback WHERE ${where}`,
      params,
    );
    const dist = await this.dataSource.query<{ rating: number; n: number }[]>(
      `SELECT rating, count(*)::int AS n FROM feedback WHERE ${where} GROUP BY rating`,
      params,
    );
    const weeks = await this.dataSource.query<{ week_start: string; n: number; avg: string }[]>(
      `SELECT to_char(date_trunc('week', created_at AT TIME ZONE 'Europe/Berlin'), 'YYYY-MM-DD') AS week_start,
              count(*)::int AS n, avg(rating) AS avg
       FROM feedback WHERE ${where} GROUP BY 1 ORDER BY 1`,
      params,
    );
    const comments = await this.dataSource.query<
      {
        rating: number;
        comment: string;
        subject_type: string;
        service_id: string | null;
        service_name: { de: string; en: string } | null;
        location_id: string | null;
        location_name: string | null;
        created_at: Date;
      }[]
    >(
      `SELECT f.rating, f.comment, f.subject_type, f.service_id, s.name AS service_name,
              f.location_id, l.name AS location_name, f.created_at
         FROM feedback f
         LEFT JOIN services s ON s.id = f.service_id
         LEFT JOIN office_locations l ON l.location_id = f.location_id
        WHERE ${where.replace(/\b(created_at|service_id|location_id)\b/g, 'f.$1')} AND f.comment IS NOT NULL
        ORDER BY f.created_at DESC LIMIT 100`,
      params,
    );
    // per service and office, this period and the one of the same length before
    const first = DateTime.fromISO(period.from, { zone: CITY_ZONE });
    const days = DateTime.fromISO(period.to, { zone: CITY_ZONE }).diff(first, 'days').days + 1;
    const previous = {
      from: first.minus({ days }).toISODate()!,
      to: first.minus({ days: 1 }).toISODate()!,
      start: first.minus({ days }).toJSDate(),
    };
    const groups = await this.dataSource.query<
      {
        g: number;
        service_id: string | null;
        location_id: string | null;
        n: number;
        avg: string | null;
        prev_n: number;
        prev_avg: string | null;
      }[]
    >(
      `WITH f AS (
         SELECT service_id, location_id, rating, created_at >= $1 AS now
           FROM feedback
          WHERE created_at >= $5 AND created_at < $2 AND ($3::uuid IS NULL OR service_id = $3)
            AND ($4::uuid IS NULL OR location_id = $4))
       SELECT GROUPING(service_id, location_id)::int AS g, service_id, location_id,
              count(*) FILTER (WHERE now)::int AS n, avg(rating) FILTER (WHERE now) AS avg,
              count(*) FILTER (WHERE NOT now)::int AS prev_n, avg(rating) FILTER (WHERE NOT now) AS prev_avg
         FROM f GROUP BY GROUPING SETS ((service_id), (location_id), ())`,
      [...params, previous.start],
    );
    const serviceIds = groups.filter((r) => r.g === 1 && r.service_id).map((r) => r.service_id!);
    const locationIds = groups.filter((r) => r.g === 2 && r.location_id).map((r) => r.location_id!);
    const [serviceNames, locationNames] = await Promise.all([
      this.dataSource.query<{ id: string; name: { de: string; en: string } }[]>(
        `SELECT id, name FROM services WHERE id = ANY ($1::uuid[])`,
        [serviceIds],
      ),
      this.dataSource.query<{ location_id: string; name: string }[]>(
        `SELECT location_id, name FROM office_locations WHERE location_id = ANY ($1::uuid[])`,
        [locationIds],
      ),
    ]);
    const serviceName = new Map(serviceNames.map((r) => [r.id, r.name]));
    const locationName = new Map(locationNames.map((r) => [r.location_id, r.name]));
    const overallBefore = groups.find((r) => r.g === 3);
    const distribution: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    for (const d of dist) distribution[String(d.rating)] = d.n;
    const round2 = (v: string | null): number | null =>
      v === null ? null : Math.round(Number(v) * 100) / 100;
    const group = (r: { n: number; avg: string | null; prev_n: number; prev_avg: string | null }) => ({
      count: r.n,
      averageRating: round2(r.avg),
      previousCount: r.prev_n,
      previousAverageRating: round2(r.prev_avg),
    });
    return {
      from: period.from,
      to: period.to,
      count: totals?.count ?? 0,
      averageRating: round2(totals?.avg ?? null),
      distribution,
      byWeek: weeks.map((w) => {
        const start = DateTime.fromISO(w.week_start, { zone: CITY_ZONE });
        return {
          week: `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`,
          weekStart: w.week_start,
          count: w.n,
          averageRating: round2(w.avg) ?? 0,
        };
      }),
      comments: comments.map((c) => ({
        rating: c.rating,
        comment: c.comment,
        subjectType: c.subject_type,
        serviceId: c.service_id,
        serviceName: c.service_name ? { de: c.service_name.de, en: c.service_name.en } : null,
        locationId: c.location_id,
        locationName: c.location_name,
        createdAt: new Date(c.created_at).toISOString(),
      })),
      previous: {
        from: previous.from,
        to: previous.to,
        count: overallBefore?.prev_n ?? 0,
        averageRating: round2(overallBefore?.prev_avg ?? null),
      },
      byService: groups
        .filter((r) => r.g === 1 && r.service_id !== null)
        .map((r) => {
          const name = serviceName.get(r.service_id!);
          return {
            serviceId: r.service_id!,
            name: name ? { de: name.de, en: name.en } : null,
            ...group(r),
          };
        })
        .sort((a, b) => (a.name?.de ?? '\uffff').localeCompare(b.name?.de ?? '\uffff', 'de')),
      byLocation: groups
        .filter((r) => r.g === 2 && r.location_id !== null)
        .map((r) => ({
          locationId: r.location_id!,
          name: locationName.get(r.location_id!) ?? null,
          ...group(r),
        }))
        .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'de')),
    };
  }

  /** The last figures per language, and until when they are answered (TRANSPARENCY_CACHE_SECONDS). */
  private readonly transparencyCache = new Map<
    Locale,
    { until: number; figures: Promise<TransparencyDto> }
  >();

  transparency(locale: Locale): Promise<TransparencyDto> {
    const now = this.clock.now().getTime();
    const cached = this.transparencyCache.get(locale);
    if (cached && cached.until > now) return cached.figures;
    const figures = this.computeTransparency(locale);
    // a failed computation is not kept: the next request tries again
    figures.catch(() => this.transparencyCache.delete(locale));
    this.transparencyCache.set(locale, {
      until: now + this.config.TRANSPARENCY_CACHE_SECONDS * 1000,
      figures,
    });
    return figures;
  }

  private async computeTransparency(locale: Locale): Promise<TransparencyDto> {
    const now = this.clock.now();
    const min = this.figures.minCases;
    const medians = await this.figures.processingMedians(now);
    const services = medians.size
      ? await this.dataSource.query<{ id: string; slug: string; name: { de: string; en: string } }[]>(
          `SELECT id, slug, name FROM services WHERE id = ANY ($1::uuid[]) AND active ORDER BY slug`,
          [[...medians.keys()]],
        )
      : [];
    const offices = await this.figures.officeFigures(now);
    // the digitalisation check's definition (decision §31) over the city's last 90 days, today included:
    // online cases ÷ (online cases + counter cases), a visit for an online case being no case of its own
    const today = DateTime.fromJSDate(now, { zone: CITY_ZONE });
    const { totals } = await this.digitalisation.check({
      from: today.minus({ days: 89 }).toISODate()!,
      to: today.toISODate()!,
    });
    const share = { online: totals.onlineCases, counter: totals.counterCases };
    const total = share.online + share.counter;
    return {
      generatedAt: now.toISOString(),
      minimumCases: min,
      services: services.map((s) => ({
        serviceId: s.id,
        slug: s.slug,
        name: s.name[locale],
        medianProcessingDays: medians.get(s.id)!.days,
        cases: medians.get(s.id)!.cases,
      })),
      offices,
      onlineShare:
        total >= min && share.online >= min
          ? { share: Math.round((share.online / total) * 1000) / 1000, cases: total }
          : null,
    };
  }
}
