import { type AuthUser, NotFoundProblem, ValidationProblem, Clock } from '@buergeramt/platform';
import { OutboxPublisher } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditAction, type AuditActor, AuditService } from '../audit/audit.service';
import { openSpans } from '../calendar/slot-engine';
import { AppointmentEntity, OPEN_STATUSES } from '../bookings/appointment.entity';
import { AppointmentsRepository } from '../bookings/appointments.repository';
import { AppointmentEvents } from '../bookings/appointment-events';
import { normaliseReference } from '../bookings/reference';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { AppointmentsProblem } from '../common/appointments.errors';
import { assertWorksAt } from '../common/staff-access';
import { AppointmentsConfig } from '../config';
import { CounterEntity } from '../locations/location.entities';
import { KiosksService } from '../kiosks/kiosks.service';
import { LocationsRepository } from '../locations/locations.repository';
import { SlotPlanner } from '../slots/slot-planner';
import { DisplayHub } from './display.hub';
import type { QueueSummaryDto, TicketDto } from './dto/office.dto';
import { OfficeDay } from './office-day';
import { OfficeRepository } from './office.repository';
import { TicketEntity, type TicketStatus } from './ticket.entities';
import { TicketViews } from './ticket-views';

export interface StaffContext {
  user: AuthUser;
  requestId: string;
}

type Transition = 'start' | 'complete' | 'no-show' | 'recall';

/** The day at the office: check-in, walk-ins, calling, the ticket lifecycle and the queue (the agenda: AgendaService). */
@Injectable()
export class OfficeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly office: OfficeRepository,
    private readonly locations: LocationsRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly events: AppointmentEvents,
    private readonly bookings: AppointmentsRepository,
    private readonly planner: SlotPlanner,
    private readonly display: DisplayHub,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: OutboxPublisher,
    private readonly kiosks: KiosksService,
    private readonly views: TicketViews,
    private readonly cityDay: OfficeDay,
  ) {}

  private today(now: Date): string {
    return this.cityDay.dateOf(now);
  }

  // ---------------------------------------------------------------------------------------- tickets

  /** Check-in of a booked appointment of today: it joins the queue, first once its time has come. */
  async checkIn(appointmentId: string, ctx: StaffContext): Promise<TicketDto> {
    const now = this.clock.now();
    const ticket = await this.dataSource.transaction(async (manager) => {
      const appointment = await this.bookings.lock(manager, appointmentId);
      if (!appointment) throw new NotFoundProblem();
      await this.kiosks.assertMayDrawAt(ctx.user, appointment.locationId, manager);
      if (appointment.status === 'checked_in' || appointment.status === 'completed')
        throw new AppointmentsProblem('already-checked-in');
      if (!OPEN_STATUSES.includes(appointment.status))
        throw new AppointmentsProblem('appointment-not-active');
      const day = this.today(now);
      if (this.cityDay.dateOf(appointment.startAt) !== day) throw new AppointmentsProblem('not-today');
      const ticket: TicketEntity = {
        id: uuidv7(),
        locationId: appointment.locationId,
        serviceId: appointment.serviceId,
        serviceDay: day,
        number: await this.office.nextNumber(manager, appointment.locationId, day, 'T'),
        kind: 'appointment',
        appointmentId: appointment.id,
        status: 'waiting',
        counterId: null,
        arrivedAt: now,
        dueAt: appointment.startAt,
        calledAt: null,
        startedAt: null,
        finishedAt: null,
        recallCount: 0,
        durationMinutes: Math.round((appointment.endAt.getTime() - appointment.startAt.getTime()) / 60_000),
      };
      await manager.insert(TicketEntity, ticket);
      await manager.update(AppointmentEntity, appointment.id, {
        status: 'checked_in',
        checkedInAt: now,
        expiresAt: null,
        updatedAt: now,
      });
      await this.record(manager, ctx.user, 'ticket.created', ticket, ctx.requestId, { appointmentId });
      return ticket;
    });
    return this.views.withPosition(ticket, now);
  }

  /**
   * Check-in by the booking reference the resident shows or types at the kiosk. The caller must be allowed
   * to draw tickets at the location first; a reference not booked there is 404 like an unknown one.
   */
  async checkInByReference(locationId: string, reference: string, ctx: StaffContext): Promise<TicketDto> {
    await this.kiosks.assertMayDrawAt(ctx.user, locationId);
    const normalised = normaliseReference(reference);
    const appointment = normalised ? await this.bookings.findByReference(locationId, normalised) : null;
    if (!appointment) throw new NotFoundProblem();
    return this.checkIn(appointment.id, ctx);
  }

  /** A walk-in ticket, only while the location is open and today still has room for the service. */
  async walkIn(locationId: string, serviceId: string, ctx: StaffContext): Promise<TicketDto> {
    await this.kiosks.assertMayDrawAt(ctx.user, locationId);
    const now = this.clock.now();
    const ticket = await this.dataSource.transaction(async (manager) => {
      // one walk-in decision at a time per location, so two cannot both take the last capacity
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`walk-in:${locationId}`]);
      const location = await this.locations.findLocation(locationId, manager);
      if (!location || !location.active) throw new NotFoundProblem();
      const schedule = await this.planner.scheduleAt(serviceId, locationId, now.getTime(), manager);
      const service = await this.catalogue.find(serviceId, manager);
      if (!schedule || (service && !service.active))
        throw new ValidationProblem([{ field: 'serviceId', message: 'is not offered at this location' }]);
      if (!location.walkInsEnabled)
        throw new AppointmentsProblem('day-full', 'This location takes appointments only.');
      const day = this.today(now);
      const spans = openSpans(day, this.planner.rules(schedule))
        .map((s) => ({ start: Math.max(s.start, now.getTime()), end: s.end }))
        .filter((s) => s.end > s.start);
      const last = spans.at(-1);
      if (!last || !spans.some((s) => s.start <= now.getTime()))
        throw new AppointmentsProblem('location-closed');
      const busy = await this.locations.busy(
        schedule.counterIds,
        { start: now.getTime(), end: last.end },
        manager,
      );
      let freeMinutes = 0;
      for (const counterId of schedule.counterIds) {
        for (const span of spans) {
          let free = span.end - span.start;
          for (const b of busy.get(counterId) ?? []) {
            free -= Math.max(0, Math.min(span.end, b.end) - Math.max(span.start, b.start));
          }
          freeMinutes += free / 60_000;
        }
      }
      const queued = await this.office.queuedWalkInMinutes(manager, locationId, day);
      if (freeMinutes - queued < schedule.durationMinutes) throw new AppointmentsProblem('day-full');
      const ticket: TicketEntity = {
        id: uuidv7(),
        locationId,
        serviceId,
        serviceDay: day,
        number: await this.office.nextNumber(manager, locationId, day, 'A'),
        kind: 'walk_in',
        appointmentId: null,
        status: 'waiting',
        counterId: null,
        arrivedAt: now,
        dueAt: null,
        calledAt: null,
        startedAt: null,
        finishedAt: null,
        recallCount: 0,
        durationMinutes: schedule.durationMinutes,
      };
      await manager.insert(TicketEntity, ticket);
      await this.record(manager, ctx.user, 'ticket.created', ticket, ctx.requestId, { walkIn: true });
      return ticket;
    });
    return this.views.withPosition(ticket, now);
  }

  /** The next ticket for this counter, or null when nobody waits for it. */
  async callNext(locationId: string, counterId: string, ctx: StaffContext): Promise<TicketDto | null> {
    assertWorksAt(ctx.user, locationId);
    const now = this.clock.now();
    const called = await this.dataSource.transaction(async (manager) => {
      const counter = await manager.findOneBy(CounterEntity, { id: counterId, locationId });
      if (!counter) throw new NotFoundProblem();
      if (!counter.active) throw new AppointmentsProblem('counter-inactive');
      const ticket = await this.office.lockNextFor(manager, locationId, this.today(now), counterId, now);
      if (!ticket) return null;
      ticket.status = 'called';
      ticket.counterId = counterId;
      ticket.calledAt = now;
      await manager.update(TicketEntity, ticket.id, { status: 'called', counterId, calledAt: now });
      await this.office.insertCall(manager, {
        locationId,
        ticketId: ticket.id,
        number: ticket.number,
        counterName: counter.name,
        recall: false,
        calledAt: now,
      });
      await this.record(manager, ctx.user, 'ticket.called', ticket, ctx.requestId, { counterId });
      return { ticket, counterName: counter.name };
    });
    if (!called) return null;
    await this.display.announce(locationId);
    return this.views.view(called.ticket, null, null, called.counterName);
  }

  async transition(ticketId: string, action: Transition, ctx: StaffContext): Promise<TicketDto> {
    const now = this.clock.now();
    const { ticket, announce } = await this.dataSource.transaction(async (manager) => {
      const ticket = await this.office.lockTicket(manager, ticketId);
      if (!ticket) throw new NotFoundProblem();
      assertWorksAt(ctx.user, ticket.locationId);
      const allowed: Record<Transition, readonly TicketStatus[]> = {
        start: ['called'],
        complete: ['called', 'in_service'],
        'no-show': ['waiting', 'called'],
        recall: ['called'],
      };
      if (!allowed[action].includes(ticket.status))
        throw new AppointmentsProblem('ticket-state', `A ${ticket.status} ticket cannot ${action}.`);
      let announce = false;
      switch (action) {
        case 'start':
          ticket.status = 'in_service';
          ticket.startedAt = now;
          break;
        case 'complete':
          ticket.status = 'completed';
          ticket.startedAt = ticket.startedAt ?? ticket.calledAt;
          ticket.finishedAt = now;
          break;
        case 'no-show':
          ticket.status = 'no_show';
          ticket.finishedAt = now;
          break;
        case 'recall': {
          ticket.recallCount += 1;
          const counter = await manager.findOneBy(CounterEntity, { id: ticket.counterId! });
          await this.office.insertCall(manager, {
            locationId: ticket.locationId,
            ticketId: ticket.id,
            number: ticket.number,
            counterName: counter?.name ?? '',
            recall: true,
            calledAt: now,
          });
          announce = true;
          break;
        }
      }
      await manager.update(TicketEntity, ticket.id, {
        status: ticket.status,
        startedAt: ticket.startedAt,
        finishedAt: ticket.finishedAt,
        recallCount: ticket.recallCount,
      });
      if (action === 'complete') await this.publishServed(manager, ticket, ctx.requestId);
      if (ticket.appointmentId && (action === 'complete' || action === 'no-show')) {
        await this.finishAppointment(
          manager,
          ticket.appointmentId,
          action === 'complete' ? 'completed' : 'no_show',
          now,
          ctx.requestId,
        );
      }
      const auditAction: Record<Transition, AuditAction> = {
        start: 'ticket.started',
        complete: 'ticket.completed',
        'no-show': 'ticket.no-show',
        recall: 'ticket.recalled',
      };
      await this.record(manager, ctx.user, auditAction[action], ticket, ctx.requestId);
      return { ticket, announce };
    });
    if (announce) await this.display.announce(ticket.locationId);
    const counter = ticket.counterId
      ? await this.locations.manager.findOneBy(CounterEntity, { id: ticket.counterId })
      : null;
    return this.views.view(ticket, null, null, counter?.name ?? null);
  }

  /**
   * Automatic no-shows: called tickets nobody answered within NO_SHOW_GRACE_MINUTES, and confirmed
   * appointments nobody checked in for by then. Safe with replicas (rows are locked, locked ones skipped).
   */
  async markNoShows(): Promise<number> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - this.config.NO_SHOW_GRACE_MINUTES * 60_000);
    return this.dataSource.transaction(async (manager) => {
      let count = 0;
      for (const ticket of await this.office.lockOverdueCalled(manager, before)) {
        await manager.update(TicketEntity, ticket.id, { status: 'no_show', finishedAt: now });
        if (ticket.appointmentId)
          await this.finishAppointment(manager, ticket.appointmentId, 'no_show', now, '');
        await this.record(manager, 'system', 'ticket.no-show', ticket, null, { automatic: true });
        count += 1;
      }
      const notBefore = new Date(now.getTime() - 7 * 24 * 3_600_000);
      for (const id of await this.office.lockMissedAppointments(manager, before, notBefore)) {
        await this.finishAppointment(manager, id, 'no_show', now, '');
        count += 1;
      }
      return count;
    });
  }

  /**
   * `ticket.completed`: the recorded times of a served ticket, without the person, for other services'
   * figures (the public transparency page). Waiting is measured as in the statistics: from arrival, or
   * from the appointment's time when the person came early, to the first call.
   */
  private async publishServed(
    manager: EntityManager,
    ticket: TicketEntity,
    requestId: string,
  ): Promise<void> {
    const calledAt = ticket.calledAt!;
    const finishedAt = ticket.finishedAt!;
    const waitFrom = Math.max(ticket.arrivedAt.getTime(), ticket.dueAt?.getTime() ?? 0);
    const startedAt = ticket.startedAt ?? calledAt;
    const minutes = (ms: number): number => Math.round((Math.max(0, ms) / 60_000) * 10) / 10;
    await this.outbox.publish(
      manager,
      'ticket.completed',
      ticket.id,
      {
        ticketId: ticket.id,
        locationId: ticket.locationId,
        serviceId: ticket.serviceId,
        kind: ticket.kind,
        arrivedAt: ticket.arrivedAt.toISOString(),
        calledAt: calledAt.toISOString(),
        completedAt: finishedAt.toISOString(),
        waitMinutes: minutes(calledAt.getTime() - waitFrom),
        serviceMinutes: minutes(finishedAt.getTime() - startedAt.getTime()),
      },
      { traceId: requestId || null },
    );
  }

  private async finishAppointment(
    manager: EntityManager,
    appointmentId: string,
    status: 'completed' | 'no_show',
    now: Date,
    requestId: string,
  ): Promise<void> {
    const appointment = await manager.findOneBy(AppointmentEntity, { id: appointmentId });
    if (!appointment || appointment.status === status) return;
    const updated: AppointmentEntity = { ...appointment, status, updatedAt: now };
    await manager.update(AppointmentEntity, appointmentId, { status, updatedAt: now });
    if (status === 'completed') {
      await this.events.publish(
        manager,
        'appointment.completed',
        updated,
        { completedAt: now.toISOString() },
        { requestId },
      );
    } else {
      await this.events.publish(manager, 'appointment.no-show', updated, {}, { requestId });
    }
  }

  // ------------------------------------------------------------------------------------------ reads

  async queue(locationId: string): Promise<QueueSummaryDto> {
    const location = await this.locations.findLocation(locationId);
    if (!location || !location.active) throw new NotFoundProblem();
    const now = this.clock.now();
    const day = this.today(now);
    const [pace, calls, services] = await Promise.all([
      this.office.pace(locationId, day, now),
      this.office.lastCalls(locationId, this.cityDay.start(day), 5),
      this.office.serviceQueues(locationId, day),
    ]);
    const estimatedWaitMinutes = await this.views.estimate(locationId, pace, pace.waiting);
    return {
      waiting: pace.waiting,
      estimatedWaitMinutes,
      walkInsEnabled: location.walkInsEnabled,
      services: await Promise.all(
        services.map(async (service) => ({
          serviceId: service.serviceId,
          name: service.name,
          waiting: service.waiting,
          // everyone waiting is called in one order; a service only some counters serve shares fewer
          estimatedWaitMinutes:
            service.servingCounters === null
              ? estimatedWaitMinutes
              : await this.views.estimate(locationId, pace, pace.waiting, service.servingCounters),
        })),
      ),
      lastCalled: calls.map((c) => ({
        id: c.id,
        number: c.number,
        counter: c.counterName,
        recall: c.recall,
        calledAt: c.calledAt.toISOString(),
      })),
    };
  }

  // ---------------------------------------------------------------------------------------- helpers

  private record(
    manager: EntityManager,
    actor: AuditActor,
    action: AuditAction,
    ticket: TicketEntity,
    requestId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record(manager, {
      actor,
      action,
      targetType: 'ticket',
      targetId: ticket.id,
      details: { locationId: ticket.locationId, number: ticket.number, ...details },
      requestId,
    });
  }
}
