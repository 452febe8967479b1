import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClosureRule, WeeklyRange } from '../calendar/slot-engine';
import { hhmm, type Span } from '../calendar/time';
import { BUSY_SPANS_SQL, parseBusySpans } from './busy-spans';
import {
  ClosureEntity,
  CounterEntity,
  LocationEntity,
  LocationServiceEntity,
  OpeningHoursEntity,
} from './location.entities';

/** Everything the slot computation needs of one location offering one service. */
export interface ServiceSchedule {
  locationId: string;
  slotIntervalMinutes: number;
  bookingWindowDays: number | null;
  minLeadMinutes: number | null;
  durationMinutes: number;
  maxFutureBookingsPerPerson: number;
  /** active counters serving the service, by name */
  counterIds: string[];
  hours: WeeklyRange[];
  closures: ClosureRule[];
}

interface ScheduleRow {
  location_id: string;
  slot_interval_minutes: number;
  booking_window_days: number | null;
  min_lead_minutes: number | null;
  duration_minutes: number;
  max_future_bookings_per_person: number;
  counter_ids: string[];
  hours: { weekday: number; opens: string; closes: string }[];
  closures: { date: string; starts: string | null; ends: string | null }[];
}

interface BusyRow {
  counter_id: string;
  /** BUSY_SPANS_SQL */
  se: string;
}

function busyMap(rows: BusyRow[]): Map<string, Span[]> {
  const busy = new Map<string, Span[]>();
  for (const row of rows) busy.set(row.counter_id, parseBusySpans(row.se));
  return busy;
}

@Injectable()
export class LocationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * The schedules of the active locations offering `serviceId` (only `locationId` when given), with the
   * closures from `from` to `to`: one round trip.
   */
  async schedules(
    serviceId: string,
    locationId: string | null,
    from: string,
    to: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceSchedule[]> {
    const rows: ScheduleRow[] = await manager.query(
      `SELECT l.id AS location_id, l.slot_interval_minutes, l.booking_window_days, l.min_lead_minutes,
              ls.duration_minutes, ls.max_future_bookings_per_person,
              ARRAY(SELECT c.id FROM counters c
                     WHERE c.location_id = l.id AND c.active
                       AND (ls.counter_ids IS NULL OR c.id = ANY (ls.counter_ids))
                     ORDER BY c.name, c.id) AS counter_ids,
              COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens, 'closes', h.closes))
                          FROM opening_hours h WHERE h.location_id = l.id), '[]') AS hours,
              COALESCE((SELECT json_agg(json_build_object('date', cl.date, 'starts', cl.starts, 'ends', cl.ends))
                          FROM closures cl WHERE cl.location_id = l.id AND cl.date BETWEEN $3 AND $4), '[]') AS closures
         FROM location_services ls
         JOIN locations l ON l.id = ls.location_id
        WHERE ls.service_id = $1 AND l.active AND ($2::uuid IS NULL OR l.id = $2)
        ORDER BY l.name, l.id`,
      [serviceId, locationId, from, to],
    );
    return rows.map((row) => ({
      locationId: row.location_id,
      slotIntervalMinutes: row.slot_interval_minutes,
      bookingWindowDays: row.booking_window_days,
      minLeadMinutes: row.min_lead_minutes,
      durationMinutes: row.duration_minutes,
      maxFutureBookingsPerPerson: row.max_future_bookings_per_person,
      counterIds: row.counter_ids,
      hours: row.hours.map((h) => ({ weekday: h.weekday, opens: hhmm(h.opens), closes: hhmm(h.closes) })),
      closures: row.closures.map((c) => ({
        date: c.date,
        starts: c.starts === null ? null : hhmm(c.starts),
        ends: c.ends === null ? null : hhmm(c.ends),
      })),
    }));
  }

  /**
   * Time held by bookings on `counterIds` overlapping `span`, per counter, sorted by start.
   * `exceptAppointmentId` leaves one appointment out (the one being moved).
   */
  async busy(
    counterIds: readonly string[],
    span: Span,
    manager: EntityManager = this.dataSource.manager,
    exceptAppointmentId: string | null = null,
  ): Promise<Map<string, Span[]>> {
    if (counterIds.length === 0) return new Map();
    // one row per counter with its bookings as one text (epoch seconds): far less to parse than a row per
    // booking; sorted here, which is cheaper than ORDER BY inside the aggregate
    const rows: BusyRow[] = await manager.query(
      `SELECT counter_id, ${BUSY_SPANS_SQL}
         FROM appointments
        WHERE counter_id = ANY ($1) AND status NOT IN ('cancelled', 'expired')
          AND period && tstzrange($2, $3, '[)')
          AND ($4::uuid IS NULL OR id <> $4)
        GROUP BY counter_id`,
      [counterIds, new Date(span.start), new Date(span.end), exceptAppointmentId],
    );
    return busyMap(rows);
  }

  /** Like `busy`, for every counter of a location (one query that needs no schedule first). */
  async busyAtLocation(locationId: string, span: Span): Promise<Map<string, Span[]>> {
    const rows: BusyRow[] = await this.dataSource.query(
      `SELECT counter_id, ${BUSY_SPANS_SQL}
         FROM appointments
        WHERE location_id = $1 AND status NOT IN ('cancelled', 'expired') AND start_at < $3 AND end_at > $2
        GROUP BY counter_id`,
      [locationId, new Date(span.start), new Date(span.end)],
    );
    return busyMap(rows);
  }

  findLocation(id: string, manager: EntityManager = this.dataSource.manager): Promise<LocationEntity | null> {
    return manager.findOneBy(LocationEntity, { id });
  }

  listLocations(activeOnly: boolean): Promise<LocationEntity[]> {
    return this.dataSource.manager.find(LocationEntity, {
      where: activeOnly ? { active: true } : {},
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  countersOf(locationIds: readonly string[]): Promise<CounterEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(CounterEntity, 'c')
      .where('c.location_id = ANY (:ids)', { ids: locationIds })
      .orderBy('c.name')
      .addOrderBy('c.id')
      .getMany();
  }

  hoursOf(
    locationIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OpeningHoursEntity[]> {
    return manager
      .createQueryBuilder(OpeningHoursEntity, 'h')
      .where('h.location_id = ANY (:ids)', { ids: locationIds })
      .orderBy('h.weekday')
      .addOrderBy('h.opens')
      .getMany();
  }

  offersOf(locationIds: readonly string[]): Promise<LocationServiceEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(LocationServiceEntity, 's')
      .where('s.location_id = ANY (:ids)', { ids: locationIds })
      .orderBy('s.service_id')
      .getMany();
  }

  closuresOf(
    locationId: string,
    from: string | null = null,
    to: string | null = null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ClosureEntity[]> {
    const query = manager
      .createQueryBuilder(ClosureEntity, 'c')
      .where('c.location_id = :locationId', { locationId });
    if (from) query.andWhere('c.date >= :from', { from });
    if (to) query.andWhere('c.date <= :to', { to });
    return query.orderBy('c.date').addOrderBy('c.starts').getMany();
  }

  /** The closures of `date` at each of `locationIds`. */
  closuresOn(locationIds: readonly string[], date: string): Promise<ClosureEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(ClosureEntity, 'c')
      .where('c.location_id = ANY (:ids)', { ids: locationIds })
      .andWhere('c.date = :date', { date })
      .orderBy('c.starts', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.id')
      .getMany();
  }

  findOffer(
    locationId: string,
    serviceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LocationServiceEntity | null> {
    return manager.findOneBy(LocationServiceEntity, { locationId, serviceId });
  }

  findCounter(
    locationId: string,
    counterId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CounterEntity | null> {
    return manager.findOneBy(CounterEntity, { id: counterId, locationId });
  }
}
