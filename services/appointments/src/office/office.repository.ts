import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CallEntity, TicketEntity } from './ticket.entities';

/** Call order: appointments whose time has come (by time), then walk-ins (by arrival), then early appointments. */
const CALL_ORDER = `
  CASE WHEN t.kind = 'appointment' AND t.due_at <= $NOW THEN 0 WHEN t.kind = 'walk_in' THEN 1 ELSE 2 END,
  CASE WHEN t.kind = 'walk_in' THEN t.arrived_at ELSE t.due_at END, t.arrived_at, t.id`;

function callOrder(nowParam: string): string {
  return CALL_ORDER.replace('$NOW', nowParam);
}

/** One appointment of the agenda, as the database answers. */
export interface AgendaRow {
  id: string;
  reference: string;
  status: string;
  service_id: string;
  start_at: Date;
  end_at: Date;
  counter: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  user_id: string | null;
  person_name: string | null;
  ticket_number: string | null;
}

@Injectable()
export class OfficeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async nextNumber(manager: EntityManager, locationId: string, day: string, prefix: string): Promise<string> {
    const [row] = await manager.query<{ last: number }[]>(
      `INSERT INTO ticket_numbers (location_id, service_day, prefix, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (location_id, service_day, prefix) DO UPDATE SET last = ticket_numbers.last + 1
       RETURNING last`,
      [locationId, day, prefix],
    );
    if (!row) throw new Error(`INSERT … RETURNING gave no ticket number for ${locationId} ${day} ${prefix}`);
    return `${prefix}${String(row.last).padStart(3, '0')}`;
  }

  findTicket(id: string, manager: EntityManager = this.dataSource.manager): Promise<TicketEntity | null> {
    return manager.findOneBy(TicketEntity, { id });
  }

  lockTicket(manager: EntityManager, id: string): Promise<TicketEntity | null> {
    return manager
      .createQueryBuilder(TicketEntity, 't')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  /**
   * The next waiting ticket this counter may serve, locked; tickets locked by a parallel call-next are
   * skipped, so two clerks calling at once never get the same one.
   */
  async lockNextFor(
    manager: EntityManager,
    locationId: string,
    day: string,
    counterId: string,
    now: Date,
  ): Promise<TicketEntity | null> {
    const rows: { id: string }[] = await manager.query(
      `SELECT t.id FROM tickets t
         LEFT JOIN location_services ls ON ls.location_id = t.location_id AND ls.service_id = t.service_id
        WHERE t.location_id = $1 AND t.service_day = $2 AND t.status = 'waiting'
          AND (ls.counter_ids IS NULL OR $3 = ANY (ls.counter_ids))
        ORDER BY ${callOrder('$4')}
        LIMIT 1
        FOR UPDATE OF t SKIP LOCKED`,
      [locationId, day, counterId, now],
    );
    const [row] = rows;
    return row ? this.findTicket(row.id, manager) : null;
  }

  /** Place (1-based) of every waiting ticket of the day in call order. */
  async positions(
    locationId: string,
    day: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    const rows: { id: string; position: number }[] = await manager.query(
      `SELECT t.id, (row_number() OVER (ORDER BY ${callOrder('$3')}))::int AS position
         FROM tickets t WHERE t.location_id = $1 AND t.service_day = $2 AND t.status = 'waiting'`,
      [locationId, day, now],
    );
    return new Map(rows.map((r) => [r.id, r.position]));
  }

  /**
   * What the waiting time estimate needs: the mean real service time of today's completed tickets (null
   * before the first), the planned mean of those waiting, and how many counters called in the last hour.
   */
  async pace(
    locationId: string,
    day: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{
    meanServiceMinutes: number | null;
    plannedMinutes: number | null;
    waiting: number;
    activeCounters: number;
  }> {
    const [row] = await manager.query<
      { mean: number | null; planned: number | null; waiting: number; active: number }[]
    >(
      `SELECT
         (SELECT avg(extract(epoch FROM finished_at - started_at) / 60)::float8 FROM tickets
           WHERE location_id = $1 AND service_day = $2 AND status = 'completed' AND started_at IS NOT NULL) AS mean,
         (SELECT avg(duration_minutes)::float8 FROM tickets
           WHERE location_id = $1 AND service_day = $2 AND status = 'waiting') AS planned,
         (SELECT count(*)::int FROM tickets WHERE location_id = $1 AND service_day = $2 AND status = 'waiting') AS waiting,
         (SELECT count(DISTINCT counter_id)::int FROM tickets
           WHERE location_id = $1 AND service_day = $2 AND called_at > $3::timestamptz - interval '1 hour') AS active`,
      [locationId, day, now],
    );
    if (!row) throw new Error(`the queue figures of ${locationId} ${day} gave no row`);
    return {
      meanServiceMinutes: row.mean,
      plannedMinutes: row.planned,
      waiting: row.waiting,
      activeCounters: row.active,
    };
  }

  /**
   * The services the location offers (those the catalogue has not withdrawn), each with its tickets waiting
   * today and, when only some counters serve it, how many of those are active.
   */
  async serviceQueues(
    locationId: string,
    day: string,
  ): Promise<
    {
      serviceId: string;
      name: { de: string; en: string } | null;
      waiting: number;
      servingCounters: number | null;
    }[]
  > {
    const rows: {
      service_id: string;
      name: { de: string; en: string } | null;
      waiting: number;
      serving: number | null;
    }[] = await this.dataSource.query(
      `SELECT ls.service_id, s.name,
              (SELECT count(*)::int FROM tickets t
                WHERE t.location_id = ls.location_id AND t.service_day = $2 AND t.status = 'waiting'
                  AND t.service_id = ls.service_id) AS waiting,
              CASE WHEN ls.counter_ids IS NULL THEN NULL
                   ELSE (SELECT count(*)::int FROM counters c WHERE c.id = ANY (ls.counter_ids) AND c.active) END AS serving
         FROM location_services ls
         LEFT JOIN catalogue_services s ON s.service_id = ls.service_id
        WHERE ls.location_id = $1 AND (s.active IS NULL OR s.active)
        ORDER BY s.name->>'de' NULLS LAST, ls.service_id`,
      [locationId, day],
    );
    return rows.map((r) => ({
      serviceId: r.service_id,
      name: r.name,
      waiting: r.waiting,
      servingCounters: r.serving,
    }));
  }

  async activeCounterCount(
    locationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM counters WHERE location_id = $1 AND active',
      [locationId],
    );
    if (!row) throw new Error(`counting the active counters of ${locationId} gave no row`);
    return row.n;
  }

  /** Minutes of walk-ins still to serve today (waiting or called): their time is not in the bookings. */
  async queuedWalkInMinutes(manager: EntityManager, locationId: string, day: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT COALESCE(sum(duration_minutes), 0)::int AS n FROM tickets
        WHERE location_id = $1 AND service_day = $2 AND kind = 'walk_in' AND status IN ('waiting', 'called')`,
      [locationId, day],
    );
    if (!row) throw new Error(`summing the walk-in minutes of ${locationId} ${day} gave no row`);
    return row.n;
  }

  ticketsOfDay(locationId: string, day: string): Promise<TicketEntity[]> {
    return this.dataSource.manager.find(TicketEntity, {
      where: { locationId, serviceDay: day },
      order: { arrivedAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Records a call. Screens read a location's calls after the last id they showed, so at one location the
   * ids must become visible in the order they were taken: two clerks calling at once would otherwise
   * commit ids 6 then 5, and a screen that read 6 first never shows 5. A transaction-scoped lock per
   * location, taken before the id is drawn and held until commit, keeps id order and commit order the
   * same (calls at other locations do not wait).
   */
  async insertCall(
    manager: EntityManager,
    call: Omit<CallEntity, 'id' | 'calledAt'> & { calledAt: Date },
  ): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `appointments:calls:${call.locationId}`,
    ]);
    await manager.insert(CallEntity, call);
  }

  /** Calls of a location after `afterId` on `day` (city date), oldest first. */
  async callsAfter(locationId: string, afterId: string, dayStart: Date, limit = 100): Promise<CallEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(CallEntity, 'c')
      .where('c.location_id = :locationId', { locationId })
      .andWhere('c.id > :afterId', { afterId })
      .andWhere('c.called_at >= :dayStart', { dayStart })
      .orderBy('c.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The last `limit` calls of a location since `dayStart`, newest first. */
  lastCalls(locationId: string, dayStart: Date, limit: number): Promise<CallEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(CallEntity, 'c')
      .where('c.location_id = :locationId', { locationId })
      .andWhere('c.called_at >= :dayStart', { dayStart })
      .orderBy('c.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Called tickets not started within the grace period (and not called again since), locked. */
  async lockOverdueCalled(manager: EntityManager, before: Date): Promise<TicketEntity[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT t.id FROM tickets t
        WHERE t.status = 'called' AND t.called_at < $1
          AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.ticket_id = t.id AND c.called_at >= $1)
        ORDER BY t.called_at LIMIT 200 FOR UPDATE SKIP LOCKED`,
      [before],
    );
    return Promise.all(rows.map((r) => this.findTicket(r.id, manager))).then((t) =>
      t.filter((x): x is TicketEntity => x !== null),
    );
  }

  /** Confirmed appointments nobody checked in for, the grace period after their start, locked. */
  async lockMissedAppointments(manager: EntityManager, before: Date, notBefore: Date): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT a.id FROM appointments a
        WHERE a.status = 'confirmed' AND a.start_at < $1 AND a.start_at >= $2
        ORDER BY a.start_at LIMIT 200 FOR UPDATE SKIP LOCKED`,
      [before, notBefore],
    );
    return rows.map((r) => r.id);
  }

  /** The appointments of a location starting in [from, to) (all but expired), with counter, person and ticket. */
  agendaRows(locationId: string, from: Date, to: Date): Promise<AgendaRow[]> {
    return this.dataSource.query(
      `SELECT a.id, a.reference, a.status, a.service_id, a.start_at, a.end_at, c.name AS counter,
              a.contact_name, a.contact_email, a.contact_phone, a.user_id, t.number AS ticket_number,
              NULLIF(trim(p.given_name || ' ' || p.family_name), '') AS person_name
         FROM appointments a
         JOIN counters c ON c.id = a.counter_id
         LEFT JOIN tickets t ON t.appointment_id = a.id
         LEFT JOIN people p ON p.user_id = a.user_id
        WHERE a.location_id = $1 AND a.start_at >= $2 AND a.start_at < $3 AND a.status NOT IN ('expired')
        ORDER BY a.start_at, c.name`,
      [locationId, from, to],
    );
  }
}
