import { createHash } from 'node:crypto';
import type { Locale } from '@buergeramt/contracts';
import { OutboxPublisher } from '@buergeramt/messaging';
import {
  type AuthUser,
  NotFoundProblem,
  ProblemException,
  ValidationProblem,
  clientHasAllScopes,
  decodeCursor,
  decodeTimeIdCursor,
  toKeyedPage,
  toPage,
  Clock,
  isStaff,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditAction, type AuditActor, type AuditRecord, AuditService } from '../audit/audit.service';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { freeCounters } from '../calendar/slot-engine';
import { AppointmentsProblem } from '../common/appointments.errors';
import { ManageTokens } from '../common/manage-token';
import { assertWorksAt } from '../common/staff-access';
import { AppointmentsConfig } from '../config';
import { LocationEntity } from '../locations/location.entities';
import {
  type BookingContext,
  LocationsRepository,
  type ServiceSchedule,
} from '../locations/locations.repository';
import { addressLine } from '../locations/locations.service';
import { SlotPlanner } from '../slots/slot-planner';
import { AppointmentEntity, type AppointmentStatus, OPEN_STATUSES } from './appointment.entity';
import { AppointmentsRepository } from './appointments.repository';
import type {
  AppointmentDetailDto,
  AppointmentDto,
  AppointmentListWhen,
  AppointmentPageDto,
  CreateAppointmentDto,
} from './dto/appointments.dto';
import { AppointmentEvents } from './appointment-events';
import { expiryJob } from './expiry';
import { newReference } from './reference';

/** Readings of a location that changed each time before its booking; then the caller should try later. */
const MAX_STALE_ATTEMPTS = 3;

export interface RequestContext {
  requestId: string;
  locale: Locale;
}

/** How the caller may act on one appointment. */
export type Access = { role: 'owner' | 'staff' | 'token' | 'client'; actor: AuditActor };

export interface CreateResult {
  status: number;
  body: AppointmentDto;
  /** true when the body is the stored answer to an earlier request with the same Idempotency-Key */
  replayed: boolean;
}

/** Booking, confirmation, cancel, reschedule and reads of appointments: the rules of the booking flow. */
@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly appointments: AppointmentsRepository,
    private readonly locations: LocationsRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly planner: SlotPlanner,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly tokens: ManageTokens,
    private readonly clock: Clock,
    private readonly events: AppointmentEvents,
  ) {}

  // ------------------------------------------------------------------------------------------ booking

  async create(
    dto: CreateAppointmentDto,
    user: AuthUser | undefined,
    idempotencyKey: string | undefined,
    ctx: RequestContext,
  ): Promise<CreateResult> {
    const citizen = user?.kind === 'user' && user.roles.includes('citizen') && !isStaff(user);
    const staff = isStaff(user);
    if (user?.kind === 'client')
      throw new ProblemException(403, 'forbidden', 'Not allowed', 'Machine clients cannot book.');
    if (user && !citizen && !staff)
      throw new ProblemException(403, 'forbidden', 'Not allowed', 'This needs the role citizen.');
    if (!citizen && !dto.contact) {
      if (!user)
        throw new ProblemException(
          401,
          'unauthorized',
          'Not logged in',
          'Log in, or give a contact to book as a guest.',
        );
      throw new ValidationProblem([
        { field: 'contact', message: 'is required when booking for someone else' },
      ]);
    }
    const userId = user?.id ?? null;
    if (staff) assertWorksAt(user, dto.locationId);
    const personKey = citizen ? `user:${userId}` : `email:${dto.contact!.email}`;
    const caller = user ? `user:${user.id}` : `guest:${dto.contact!.email}`;
    const start = Date.parse(dto.start);
    const now = this.clock.now();

    const hash = requestHash(dto);
    // a repeated request is answered as the first one was, before anything else is checked (the time
    // may have passed meanwhile); the booking function claims the key again, for requests in parallel
    if (idempotencyKey) {
      const stored = await this.appointments.storedAnswer(caller, idempotencyKey, now);
      if (stored) return this.replay(stored, hash);
    }
    // the context (schedule, names) comes from memory when read before; the booking statement checks that
    // the location is unchanged since and books nothing otherwise, and then it is read again (decision §36)
    for (let attempt = 1; ; attempt++) {
      const context = await this.bookable(dto.serviceId, dto.locationId, start);
      const made = await this.makeBooking(
        dto,
        context,
        { user, citizen, staff, userId, personKey, caller },
        {
          start,
          now,
          hash,
          idempotencyKey,
          ctx,
        },
      );
      if (made !== 'stale') return made;
      this.planner.forgetBookingContext(dto.serviceId, dto.locationId, start);
      if (attempt === MAX_STALE_ATTEMPTS)
        throw new ProblemException(
          503,
          'service-unavailable',
          'Service unavailable',
          'The office is being changed right now; please try again.',
        );
    }
  }

  /** One booking attempt against one read of the context; `stale` when the location changed since. */
  private async makeBooking(
    dto: CreateAppointmentDto,
    { schedule, service, location, version }: BookingContext,
    who: {
      user: AuthUser | undefined;
      citizen: boolean;
      staff: boolean;
      userId: string | null;
      personKey: string;
      caller: string;
    },
    request: {
      start: number;
      now: Date;
      hash: string;
      idempotencyKey: string | undefined;
      ctx: RequestContext;
    },
  ): Promise<CreateResult | 'stale'> {
    const { user, citizen, staff, userId, personKey, caller } = who;
    const { start, now, hash, idempotencyKey, ctx } = request;
    const confirmedAtOnce = citizen || staff;
    if (!this.planner.isStartTime(schedule, start, now))
      throw new AppointmentsProblem('slot-unavailable', 'This is not a bookable start time of the location.');
    const end = start + schedule.durationMinutes * 60_000;
    const expiresAt = confirmedAtOnce
      ? null
      : new Date(now.getTime() + this.config.GUEST_CONFIRMATION_MINUTES * 60_000);
    const appointment: Omit<AppointmentEntity, 'counterId'> = {
      id: uuidv7(),
      reference: newReference(),
      locationId: dto.locationId,
      serviceId: dto.serviceId,
      startAt: new Date(start),
      endAt: new Date(end),
      status: confirmedAtOnce ? 'confirmed' : 'pending_confirmation',
      userId: citizen ? userId : null,
      personKey,
      contactName: dto.contact?.name ?? null,
      contactEmail: dto.contact?.email ?? null,
      contactPhone: dto.contact?.phone ?? null,
      locale: ctx.locale,
      expiresAt,
      confirmedAt: confirmedAtOnce ? now : null,
      cancelledAt: null,
      cancelledBy: null,
      checkedInAt: null,
      anonymisedAt: null,
      demo: false,
      createdAt: now,
      updatedAt: now,
    };
    const body = this.view(appointment);
    const outcome = await this.appointments.book({
      appointment,
      counterIds: shuffled(schedule.counterIds),
      maxHeld: schedule.maxFutureBookingsPerPerson,
      contextVersion: version,
      now,
      event: this.outbox.event(
        'appointment.booked',
        appointment.id,
        this.events.payloadOf(appointment, location, service),
        { traceId: ctx.requestId || null },
      ),
      audit: this.audit.entry(
        this.auditRecord(user ?? 'guest', 'appointment.booked', appointment, ctx, {
          status: appointment.status,
          start: dto.start,
          byStaff: staff,
        }),
      ),
      idempotency: idempotencyKey ? { caller, key: idempotencyKey, requestHash: hash, response: body } : null,
      // a guest's booking is released when unconfirmed at `expiresAt`: its job is written with the booking
      job: expiresAt ? expiryJob(appointment.id, expiresAt.getTime() - now.getTime()) : null,
    });
    if (outcome.outcome === 'stale') return 'stale';
    if (outcome.outcome === 'replay') return this.replay(outcome, hash);
    if (outcome.outcome === 'refused') {
      if (outcome.reason === 'booking-limit')
        throw new AppointmentsProblem('booking-limit', undefined, {
          limit: schedule.maxFutureBookingsPerPerson,
        });
      throw new AppointmentsProblem('slot-unavailable');
    }
    return { status: 201, body, replayed: false };
  }

  /** The stored answer to an earlier request with the same Idempotency-Key, unless the body differs. */
  private replay(
    stored: { statusCode: number; response: unknown; requestHash: string },
    hash: string,
  ): CreateResult {
    if (stored.requestHash !== hash) throw new AppointmentsProblem('idempotency-key-reused');
    return { status: stored.statusCode, body: stored.response as AppointmentDto, replayed: true };
  }

  /** The guest's confirmation with the token from the mail. Confirming twice is fine. */
  async confirm(id: string, token: string, ctx: RequestContext): Promise<AppointmentDto> {
    if (!this.tokens.matches(id, token)) throw new NotFoundProblem();
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (manager) => {
      const appointment = await this.appointments.lock(manager, id);
      if (!appointment) throw new NotFoundProblem();
      if (appointment.status === 'confirmed') return appointment;
      if (appointment.status === 'expired') throw new AppointmentsProblem('confirmation-expired');
      if (appointment.status !== 'pending_confirmation')
        throw new AppointmentsProblem('appointment-not-active');
      if (appointment.expiresAt && appointment.expiresAt <= now) {
        await this.expireLocked(manager, appointment, now);
        return 'expired' as const;
      }
      appointment.status = 'confirmed';
      appointment.confirmedAt = now;
      appointment.expiresAt = null;
      appointment.updatedAt = now;
      await manager.update(AppointmentEntity, id, {
        status: 'confirmed',
        confirmedAt: now,
        expiresAt: null,
        updatedAt: now,
      });
      await this.events.publish(manager, 'appointment.confirmed', appointment, {}, ctx);
      await this.record(manager, 'guest', 'appointment.confirmed', appointment, ctx);
      return appointment;
    });
    if (result === 'expired') throw new AppointmentsProblem('confirmation-expired');
    return this.view(result);
  }

  /**
   * Releases an unconfirmed guest booking whose time is up (its expiry job, or the sweep); false when it is
   * not (any more) pending or its time is not up. With `manager`, in that transaction (the job's, which
   * records the job in the inbox), else in one of its own.
   */
  async expire(id: string, manager?: EntityManager): Promise<boolean> {
    const now = this.clock.now();
    const run = async (m: EntityManager): Promise<boolean> => {
      const appointment = await this.appointments.lock(m, id);
      if (!appointment || appointment.status !== 'pending_confirmation') return false;
      if (appointment.expiresAt && appointment.expiresAt > now) return false;
      await this.expireLocked(m, appointment, now);
      return true;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async expireOverdue(): Promise<number> {
    let count = 0;
    for (const id of await this.appointments.overduePending(this.clock.now())) {
      if (await this.expire(id)) count += 1;
    }
    return count;
  }

  async cancel(
    id: string,
    user: AuthUser | undefined,
    token: string | undefined,
    ctx: RequestContext,
  ): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const appointment = await this.appointments.lock(manager, id);
      const access = this.access(appointment, user, token, 'write');
      if (!appointment) throw new NotFoundProblem();
      if (!OPEN_STATUSES.includes(appointment.status) || appointment.startAt <= now)
        throw new AppointmentsProblem('appointment-not-active');
      const cancelledBy: 'staff' | 'owner' = access.role === 'staff' ? 'staff' : 'owner';
      const cancelled = {
        ...appointment,
        status: 'cancelled' as const,
        cancelledAt: now,
        cancelledBy,
        expiresAt: null,
        updatedAt: now,
      };
      // the change, its event and its audit entry in one statement
      await this.appointments.cancel(
        manager,
        id,
        { at: now, by: cancelledBy },
        await this.events.event(manager, 'appointment.cancelled', cancelled, { cancelledBy }, ctx),
        this.auditRecord(access.actor, 'appointment.cancelled', cancelled, ctx, { cancelledBy }),
      );
    });
  }

  /** Moves the appointment in one transaction: when the new time is taken, the old one is kept. */
  async reschedule(
    id: string,
    startIso: string,
    user: AuthUser | undefined,
    token: string | undefined,
    ctx: RequestContext,
  ): Promise<AppointmentDto> {
    const now = this.clock.now();
    const start = Date.parse(startIso);
    const moved = await this.dataSource.transaction(async (manager) => {
      const appointment = await this.appointments.lock(manager, id);
      const access = this.access(appointment, user, token, 'write');
      if (!appointment) throw new NotFoundProblem();
      if (!OPEN_STATUSES.includes(appointment.status) || appointment.startAt <= now)
        throw new AppointmentsProblem('appointment-not-active');
      const { schedule } = await this.bookable(appointment.serviceId, appointment.locationId, start, manager);
      if (!this.planner.isStartTime(schedule, start, now))
        throw new AppointmentsProblem(
          'slot-unavailable',
          'This is not a bookable start time of the location.',
        );
      const end = start + schedule.durationMinutes * 60_000;
      const counters = await this.freeCounterOrder(manager, schedule, start, end, id);
      const counterId = await this.appointments.moveToFreeCounter(
        manager,
        id,
        new Date(start),
        new Date(end),
        counters,
        now,
      );
      if (counterId === null)
        throw new AppointmentsProblem('slot-unavailable', 'The new time is taken; the old one is kept.');
      const updated: AppointmentEntity = {
        ...appointment,
        startAt: new Date(start),
        endAt: new Date(end),
        counterId,
        updatedAt: now,
      };
      await this.events.publish(
        manager,
        'appointment.rescheduled',
        updated,
        { previousStart: this.iso(appointment.startAt), previousEnd: this.iso(appointment.endAt) },
        ctx,
      );
      await this.record(manager, access.actor, 'appointment.rescheduled', updated, ctx, {
        previousStart: appointment.startAt.toISOString(),
        start: updated.startAt.toISOString(),
      });
      return updated;
    });
    return this.view(moved);
  }

  // ------------------------------------------------------------------------------------------ reads

  async get(
    id: string,
    user: AuthUser | undefined,
    token: string | undefined,
    ctx: RequestContext,
  ): Promise<AppointmentDetailDto> {
    const appointment = await this.appointments.find(id);
    const access = this.access(appointment, user, token, 'read');
    if (access.role === 'staff' || access.role === 'client') {
      await this.dataSource.transaction((manager) =>
        this.record(manager, access.actor, 'appointment.read', appointment!, ctx),
      );
    }
    const [detail] = await this.details([appointment!]);
    if (!detail) throw new Error(`no details for appointment ${id}`);
    return detail;
  }

  /** The appointment for the .ics, after the same access check as `get`. */
  async forCalendar(
    id: string,
    user: AuthUser | undefined,
    token: string | undefined,
  ): Promise<{
    appointment: AppointmentEntity;
    location: LocationEntity;
    serviceName: { de: string; en: string } | null;
  }> {
    const appointment = await this.appointments.find(id);
    this.access(appointment, user, token, 'read');
    const location = await this.locations.findLocation(appointment!.locationId);
    const service = await this.catalogue.find(appointment!.serviceId);
    return { appointment: appointment!, location: location!, serviceName: service?.name ?? null };
  }

  /**
   * The citizen's own appointments: all of them, newest booking first (no `when`), or the upcoming ones
   * (soonest first) or the past ones (latest first) by the service clock, keyed on (start, id).
   */
  async listOwn(
    user: AuthUser,
    limit = 20,
    cursor?: string,
    when?: AppointmentListWhen,
  ): Promise<AppointmentPageDto> {
    if (when) {
      const after = decodeTimeIdCursor(cursor, when);
      const rows = await this.appointments
        .ownByTime(user.id, when, this.clock.now(), limit + 1, after && { startAt: after.at, id: after.id })
        .getMany();
      const page = toKeyedPage(
        rows,
        limit,
        when,
        (row) => row,
        (row) => [row.startAt.toISOString(), row.id],
      );
      return { items: await this.details(page.items), nextCursor: page.nextCursor };
    }
    const page = toPage(
      await this.appointments.listOfUser(user.id, limit + 1, decodeCursor(cursor) ?? undefined),
      limit,
      (row) => row,
    );
    return { items: await this.details(page.items), nextCursor: page.nextCursor };
  }

  // ------------------------------------------------------------------------------------------ helpers

  /**
   * Who may act: the logged-in owner, staff (clerk+) of the location, a machine client with
   * appointments:read (reads only), or whoever holds the manage token. Everybody else: 404.
   */
  access(
    appointment: AppointmentEntity | null,
    user: AuthUser | undefined,
    token: string | undefined,
    mode: 'read' | 'write',
  ): Access {
    // API.md: not logged in (and no manage token from a mail) is 401; logged in without the scope 403;
    // not yours or not there 404. Both before the lookup's outcome, so they say nothing about it.
    if (!user && token === undefined)
      throw new ProblemException(
        401,
        'unauthorized',
        'Not logged in',
        'Log in, or use the link from your mail.',
      );
    if (user?.kind === 'client') {
      if (mode === 'write')
        throw new ProblemException(
          403,
          'forbidden',
          'Not allowed',
          'Machine clients cannot change appointments.',
        );
      if (!clientHasAllScopes(user, ['appointments:read']))
        throw new ProblemException(
          403,
          'forbidden',
          'Not allowed',
          'This needs the scope appointments:read.',
        );
      if (!appointment) throw new NotFoundProblem();
      return { role: 'client', actor: user };
    }
    if (!appointment) throw new NotFoundProblem();
    if (user?.kind === 'user' && appointment.userId === user.id) return { role: 'owner', actor: user };
    if (isStaff(user)) {
      assertWorksAt(user, appointment.locationId);
      return { role: 'staff', actor: user };
    }
    if (token !== undefined && this.tokens.matches(appointment.id, token))
      return { role: 'token', actor: user ?? 'guest' };
    throw new NotFoundProblem();
  }

  /**
   * The schedule for booking `serviceId` at `locationId` on the day of `start`, with the office and the
   * service (one round trip); 422 when it is not offered there.
   */
  private async bookable(
    serviceId: string,
    locationId: string,
    start: number,
    manager?: EntityManager,
  ): Promise<BookingContext> {
    const context = await this.planner.bookingContextAt(serviceId, locationId, start, manager);
    if (!context || (context.service && !context.service.active)) {
      throw new ValidationProblem([{ field: 'serviceId', message: 'is not offered at this location' }]);
    }
    return context;
  }

  /** The counters free at [start, end), shuffled so that parallel bookings spread instead of queueing on one. */
  private async freeCounterOrder(
    manager: EntityManager,
    schedule: ServiceSchedule,
    start: number,
    end: number,
    exceptId: string | null,
  ): Promise<string[]> {
    const busy = await this.locations.busy(schedule.counterIds, { start, end }, manager, exceptId);
    return shuffled(freeCounters(start, schedule.durationMinutes, schedule.counterIds, busy));
  }

  private async expireLocked(
    manager: EntityManager,
    appointment: AppointmentEntity,
    now: Date,
  ): Promise<void> {
    await manager.update(AppointmentEntity, appointment.id, { status: 'expired', updatedAt: now });
    const expired = { ...appointment, status: 'expired' as AppointmentStatus, updatedAt: now };
    await this.events.publish(manager, 'appointment.expired', expired, {}, { requestId: '' });
    await this.record(manager, 'system', 'appointment.expired', expired, {
      requestId: '',
      locale: appointment.locale,
    });
  }

  private record(
    manager: EntityManager,
    actor: AuditActor,
    action: AuditAction,
    appointment: AppointmentEntity,
    ctx: Pick<RequestContext, 'requestId'> & Partial<RequestContext>,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record(manager, this.auditRecord(actor, action, appointment, ctx, details));
  }

  private auditRecord(
    actor: AuditActor,
    action: AuditAction,
    appointment: Pick<AppointmentEntity, 'id' | 'locationId'>,
    ctx: Pick<RequestContext, 'requestId'> & Partial<RequestContext>,
    details: Record<string, unknown> = {},
  ): AuditRecord {
    return {
      actor,
      action,
      targetType: 'appointment',
      targetId: appointment.id,
      details: { locationId: appointment.locationId, ...details },
      requestId: ctx.requestId || null,
    };
  }

  private iso(date: Date): string {
    return this.events.iso(date);
  }

  view(appointment: Omit<AppointmentEntity, 'counterId'>): AppointmentDto {
    return {
      id: appointment.id,
      reference: appointment.reference,
      status: appointment.status,
      serviceId: appointment.serviceId,
      locationId: appointment.locationId,
      start: this.iso(appointment.startAt),
      end: this.iso(appointment.endAt),
      expiresAt: appointment.expiresAt ? appointment.expiresAt.toISOString() : null,
    };
  }

  private async details(appointments: AppointmentEntity[]): Promise<AppointmentDetailDto[]> {
    const locationIds = [...new Set(appointments.map((a) => a.locationId))];
    const serviceIds = [...new Set(appointments.map((a) => a.serviceId))];
    const [locations, services] = await Promise.all([
      this.locations.findLocations(locationIds),
      this.catalogue.findMany(serviceIds),
    ]);
    return appointments.map((a) => {
      const location = locations.find((l) => l.id === a.locationId);
      return {
        ...this.view(a),
        serviceName: services.find((s) => s.serviceId === a.serviceId)?.name ?? null,
        locationName: location?.name ?? '',
        locationAddress: location ? addressLine(location) : '',
        contact:
          a.contactEmail && a.contactName
            ? { name: a.contactName, email: a.contactEmail, phone: a.contactPhone }
            : null,
        cancelledBy: a.cancelledBy,
      };
    });
  }
}

/** `items` in random order: parallel bookings spread over the counters instead of queueing on one. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    // 0 ≤ j ≤ i < out.length: both are elements
    const picked = out[j]!;
    out[j] = out[i]!;
    out[i] = picked;
  }
  return out;
}

function requestHash(dto: CreateAppointmentDto): string {
  const canonical = JSON.stringify([
    dto.serviceId,
    dto.locationId,
    Date.parse(dto.start),
    dto.contact?.name ?? null,
    dto.contact?.email ?? null,
    dto.contact?.phone ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
