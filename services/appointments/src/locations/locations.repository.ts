import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
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

/** The columns of a ScheduleRow over `location_services ls JOIN locations l`; $3/$4 bound the closures. */
const SCHEDULE_COLUMNS = `l.id AS location_id, l.slot_interval_minutes, l.booking_window_days, l.min_lead_minutes,
              ls.duration_minutes, ls.max_future_bookings_per_person,
              ARRAY(SELECT c.id FROM counters c
                     WHERE c.location_id = l.id AND c.active
                       AND (ls.counter_ids IS NULL OR c.id = ANY (ls.counter_ids))
                     ORDER BY c.name, c.id) AS counter_ids,
              COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens, 'closes', h.closes))
                          FROM opening_hours h WHERE h.location_id = l.id), '[]') AS hours,
              COALESCE((SELECT json_agg(json_build_object('date', cl.date, 'starts', cl.starts, 'ends', cl.ends))
                          FROM closures cl WHERE cl.location_id = l.id AND cl.date BETWEEN $3 AND $4), '[]') AS closures`;

function toSchedule(row: ScheduleRow): ServiceSchedule {
  return {
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
  };
}

/** `bookingContext`: a booking's schedule, the office and the service as the catalogue has it. */
export interface BookingContext {
  schedule: ServiceSchedule;
  location: Pick<LocationEntity, 'name' | 'street' | 'postalCode' | 'city'>;
  /** null until the catalogue has announced the service */
  service: { name: { de: string; en: string }; active: boolean } | null;
  /** the location's `context_version` when this was read (migration 1766600000000) */
  version: string;
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
    return (await this.scheduleRows(serviceId, locationId, from, to, manager)).map(toSchedule);
  }

  /**
   * `schedules` for the free-time lists, in the same round trip whether the catalogue has withdrawn the
   * service (`catalogue.service-changed` with `active: false`; a service the catalogue has not announced
   * counts as offered).
   */
  async slotSchedules(
    serviceId: string,
    locationId: string | null,
    from: string,
    to: string,
  ): Promise<{ schedules: ServiceSchedule[]; withdrawn: boolean }> {
    const rows = await this.scheduleRows(serviceId, locationId, from, to, this.dataSource.manager);
    return { schedules: rows.map(toSchedule), withdrawn: rows.some((row) => row.service_active === false) };
  }

  private scheduleRows(
    serviceId: string,
    locationId: string | null,
    from: string,
    to: string,
    manager: EntityManager,
  ): Promise<(ScheduleRow & { service_active: boolean | null })[]> {
    return manager.query(
      `SELECT ${SCHEDULE_COLUMNS}, s.active AS service_active
         FROM location_services ls
         JOIN locations l ON l.id = ls.location_id
         LEFT JOIN catalogue_services s ON s.service_id = ls.service_id
        WHERE ls.service_id = $1 AND l.active AND ($2::uuid IS NULL OR l.id = $2)
        ORDER BY l.name, l.id`,
      [serviceId, locationId, from, to],
    );
  }

  /**
   * What a booking of `serviceId` at `locationId` on `date` needs before it is made, in one round trip:
   * the schedule of that day, the office's name and address and the service's name (for the event) and
   * whether the catalogue still offers it. Null when the location does not offer the service (or is not
   * active).
   */
  async bookingContext(
    serviceId: string,
    locationId: string,
    date: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BookingContext | null> {
    const rows: (ScheduleRow & {
      name: string;
      street: string;
      postal_code: string;
      city: string;
      service_name: { de: string; en: string } | null;
      service_active: boolean | null;
      context_version: string;
    })[] = await manager.query(
      `SELECT ${SCHEDULE_COLUMNS}, l.name, l.street, l.postal_code, l.city,
              s.name AS service_name, s.active AS service_active, l.context_version
         FROM location_services ls
         JOIN locations l ON l.id = ls.location_id
         LEFT JOIN catalogue_services s ON s.service_id = ls.service_id
        WHERE ls.service_id = $1 AND l.active AND l.id = $2`,
      [serviceId, locationId, date, date],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      schedule: toSchedule(row),
      location: { name: row.name, street: row.street, postalCode: row.postal_code, city: row.city },
      service:
        row.service_name === null ? null : { name: row.service_name, active: row.service_active === true },
      version: row.context_version,
    };
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

  /**
   * What an appointment's event names (the office with its address, the service as the catalogue has it)
   * in one statement; each null when unknown.
   */
  async eventNames(
    locationId: string,
    serviceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{
    location: BookingContext['location'] | null;
    service: { name: { de: string; en: string } } | null;
  }> {
    const [row]: {
      name: string | null;
      street: string;
      postal_code: string;
      city: string;
      service_name: { de: string; en: string } | null;
    }[] = await manager.query(
      `SELECT l.name, l.street, l.postal_code, l.city, s.name AS service_name
         FROM (SELECT 1) AS one
         LEFT JOIN locations l ON l.id = $1
         LEFT JOIN catalogue_services s ON s.service_id = $2`,
      [locationId, serviceId],
    );
    return {
      location:
        row?.name == null
          ? null
          : { name: row.name, street: row.street, postalCode: row.postal_code, city: row.city },
      service: row?.service_name == null ? null : { name: row.service_name },
    };
  }

  findLocation(id: string, manager: EntityManager = this.dataSource.manager): Promise<LocationEntity | null> {
    return manager.findOneBy(LocationEntity, { id });
  }

  /** The locations with these ids that exist, in one statement (none for none). */
  findLocations(ids: readonly string[]): Promise<LocationEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.findBy(LocationEntity, { id: In([...ids]) });
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

  /**
   * Appointments still to come (pending, confirmed or checked in) at the location that overlap the span
   * [from, to): what a closure of that span would leave standing. By start.
   */
  async bookedWithin(
    locationId: string,
    from: Date,
    to: Date,
  ): Promise<{ id: string; reference: string; serviceId: string; start: Date; end: Date; status: string }[]> {
    const rows: {
      id: string;
      reference: string;
      service_id: string;
      start_at: Date;
      end_at: Date;
      status: string;
    }[] = await this.dataSource.query(
      `SELECT id, reference, service_id, start_at, end_at, status FROM appointments
          WHERE location_id = $1 AND status IN ('pending_confirmation', 'confirmed', 'checked_in')
            AND start_at < $3 AND end_at > $2
          ORDER BY start_at, reference`,
      [locationId, from, to],
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      serviceId: r.service_id,
      start: r.start_at,
      end: r.end_at,
      status: r.status,
    }));
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
