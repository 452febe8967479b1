import { Repeat } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, localDateOf } from '../calendar/time';
import { AppointmentsConfig } from '../config';
import { LocationsRepository } from '../locations/locations.repository';
import { SlotPlanner } from '../slots/slot-planner';
import { Clock } from '@buergeramt/platform';

/** The job scheduler's id: never rename (the old scheduler would go on adding jobs). */
const SCHEDULER_ID = 'appointments-lead-time';
const HOUR_MS = 3_600_000;
/** Free times are searched in windows of this many days, up to the end of the booking window. */
const SEARCH_DAYS = 31;

/**
 * The lead time to the next free appointment (issue 17's digitalisation check). Free times are computed,
 * never stored, so the lead time of a past day exists only if it was recorded then: once a day per office
 * and service offered, the first hourly run from LEAD_TIME_SNAPSHOT_HOUR on records the next free start
 * the booking page would have offered at that moment (null: nothing free in the booking window).
 */
@Injectable()
export class LeadTimeSnapshots {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly locations: LocationsRepository,
    private readonly planner: SlotPlanner,
    private readonly clock: Clock,
  ) {}

  /** One hourly round: the day's snapshot once the city's day has reached LEAD_TIME_SNAPSHOT_HOUR. */
  @Repeat<LeadTimeSnapshots>({
    queue: 'lead-time',
    schedulerId: SCHEDULER_ID,
    name: 'lead-time-snapshot',
    every: HOUR_MS,
  })
  async run(): Promise<number> {
    const now = this.clock.now();
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: this.planner.zone })
        .format(now)
        .slice(0, 2),
    );
    if (hour < this.config.LEAD_TIME_SNAPSHOT_HOUR) return 0;
    return this.snapshot(now);
  }

  /**
   * Records, for every active office and service it offers that has no record for today (city time), the
   * next free start from `now`. Returns the number of records written.
   */
  async snapshot(now: Date = this.clock.now()): Promise<number> {
    const today = localDateOf(now, this.planner.zone);
    const pending = await this.dataSource.query<{ service_id: string; location_ids: string[] }[]>(
      `SELECT ls.service_id, array_agg(ls.location_id) AS location_ids
         FROM location_services ls JOIN locations l ON l.id = ls.location_id
        WHERE l.active
          AND NOT EXISTS (SELECT 1 FROM next_free_slots n
                           WHERE n.location_id = ls.location_id AND n.service_id = ls.service_id AND n.day = $1)
        GROUP BY ls.service_id`,
      [today],
    );
    let written = 0;
    for (const { service_id: serviceId, location_ids: locationIds } of pending) {
      const schedules = (await this.locations.schedules(serviceId, null, today, today)).filter((s) =>
        locationIds.includes(s.locationId),
      );
      for (const schedule of schedules) {
        const window = this.planner.bookableDates(schedule, now);
        let next: number | null = null;
        for (
          let from = today;
          window && next === null && from <= window.until;
          from = addDays(from, SEARCH_DAYS)
        ) {
          const to = addDays(from, SEARCH_DAYS - 1);
          const withClosures = await this.locations.schedules(serviceId, schedule.locationId, from, to);
          if (withClosures.length === 0) break;
          const [first] = await this.planner.freeSlots(withClosures, from, to, now);
          if (first) next = first.start;
        }
        const inserted = await this.dataSource.query<unknown[]>(
          `INSERT INTO next_free_slots (location_id, service_id, day, taken_at, next_free_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
          [schedule.locationId, serviceId, today, now, next === null ? null : new Date(next)],
        );
        written += inserted.length;
      }
    }
    return written;
  }
}
