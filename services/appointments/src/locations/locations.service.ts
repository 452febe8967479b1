import { type AuthUser, NotFoundProblem, ValidationProblem, Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { HolidayCalendar } from '../calendar/holidays';
import { type CalendarRules, openingDay } from '../calendar/slot-engine';
import { addDays, hhmm, instantOf, isCalendarDate, isoInZone, localDateOf } from '../calendar/time';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { assertWorksAt } from '../common/staff-access';
import { AppointmentsConfig } from '../config';
import type {
  AdminLocationDto,
  ClosureDto,
  ClosureEffectDto,
  CounterDto,
  CreateClosureDto,
  CreateCounterDto,
  CreateLocationDto,
  LocationBaseDto,
  LocationDto,
  LocationTodayDto,
  OfferedServiceDto,
  OfferServiceDto,
  OpeningHoursDto,
  UpdateCounterDto,
  UpdateLocationDto,
  WeeklyRangeDto,
} from './dto/locations.dto';
import {
  ClosureEntity,
  CounterEntity,
  LocationEntity,
  LocationServiceEntity,
  OpeningHoursEntity,
} from './location.entities';
import { LocationEvents } from './location-events';
import { LocationsRepository } from './locations.repository';

export { addressLine } from './location-events';

export interface ActorContext {
  actor: AuthUser;
  requestId: string;
}

/** Locations and their configuration: the public list, and the admin API. */
@Injectable()
export class LocationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly locations: LocationsRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: LocationEvents,
    private readonly config: AppointmentsConfig,
    private readonly holidays: HolidayCalendar,
  ) {}

  async listPublic(): Promise<{ items: LocationDto[]; nextCursor: null }> {
    const locations = await this.locations.listLocations(true);
    const ids = locations.map((l) => l.id);
    const today = localDateOf(this.clock.now(), this.config.CITY_TIME_ZONE);
    const [hours, offers, closures] = await Promise.all([
      this.locations.hoursOf(ids),
      this.locations.offersOf(ids),
      this.locations.closuresOn(ids, today),
    ]);
    const inactive = new Set(
      (await this.catalogue.findMany([...new Set(offers.map((o) => o.serviceId))]))
        .filter((s) => !s.active)
        .map((s) => s.serviceId),
    );
    return {
      items: locations.map((location) => ({
        ...publicLocation(location, hours),
        serviceIds: offers
          .filter((o) => o.locationId === location.id && !inactive.has(o.serviceId))
          .map((o) => o.serviceId),
        today: this.openingToday(
          today,
          hours.filter((h) => h.locationId === location.id),
          closures.filter((c) => c.locationId === location.id),
        ),
      })),
      nextCursor: null,
    };
  }

  /**
   * A location's opening state on `date` (today in the city): the slot engine's opening spans (weekly
   * hours minus closures, none on public holidays) as wall-clock ranges, why it is closed all day, and
   * the holiday's name or the public reason of a closure.
   */
  private openingToday(
    date: string,
    hours: OpeningHoursEntity[],
    closures: ClosureEntity[],
  ): LocationTodayDto {
    const zone = this.config.CITY_TIME_ZONE;
    const rules: CalendarRules = {
      zone,
      hours: rangesOf(hours),
      closures: closures.map((c) => ({
        date: c.date,
        starts: c.starts === null ? null : hhmm(c.starts),
        ends: c.ends === null ? null : hhmm(c.ends),
      })),
      isHoliday: (day) => this.holidays.holidayOn(day) !== null,
    };
    const { spans, closedReason } = openingDay(date, rules);
    const holiday = closedReason === 'holiday' ? this.holidays.holidayOn(date) : null;
    const publicReason = closures.find((c) => c.reasonPublic && c.reason !== null)?.reason ?? null;
    return {
      date,
      open: spans.length > 0,
      hours: spans.map((span) => ({
        opens: isoInZone(span.start, zone).slice(11, 16),
        closes: isoInZone(span.end, zone).slice(11, 16),
      })),
      closedReason,
      note: holiday ?? (closedReason === 'no-hours' ? null : publicReason),
    };
  }

  async listAdmin(): Promise<{ items: AdminLocationDto[]; nextCursor: null }> {
    const locations = await this.locations.listLocations(false);
    return { items: await this.adminViews(locations), nextCursor: null };
  }

  async getAdmin(id: string): Promise<AdminLocationDto> {
    const location = await this.requireLocation(id);
    const [view] = await this.adminViews([location]);
    if (!view) throw new Error(`no admin view for location ${id}`);
    return view;
  }

  async create(dto: CreateLocationDto, ctx: ActorContext): Promise<AdminLocationDto> {
    const now = this.clock.now();
    const id = uuidv7();
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(LocationEntity, {
        id,
        name: dto.name,
        street: dto.address.street,
        postalCode: dto.address.postalCode,
        city: dto.address.city,
        slotIntervalMinutes: dto.slotIntervalMinutes ?? 15,
        bookingWindowDays: dto.bookingWindowDays ?? null,
        minLeadMinutes: dto.minLeadMinutes ?? null,
        walkInsEnabled: dto.walkInsEnabled ?? true,
        active: true,
        demo: false,
        createdAt: now,
        updatedAt: now,
      });
      await this.changed(manager, ctx, id, 'created', { ...dto });
    });
    return this.getAdmin(id);
  }

  async update(id: string, dto: UpdateLocationDto, ctx: ActorContext): Promise<AdminLocationDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.requireLocation(id, manager);
      const { address, ...rest } = dto;
      await manager.update(LocationEntity, id, {
        ...rest,
        ...(address ? { street: address.street, postalCode: address.postalCode, city: address.city } : {}),
        updatedAt: this.clock.now(),
      });
      await this.changed(manager, ctx, id, 'updated', { ...dto });
    });
    return this.getAdmin(id);
  }

  async addCounter(locationId: string, dto: CreateCounterDto, ctx: ActorContext): Promise<CounterDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.requireLocation(locationId, manager);
      await this.assertCounterNameFree(manager, locationId, dto.name, null);
      const counter: CounterEntity = {
        id: uuidv7(),
        locationId,
        name: dto.name,
        active: true,
        createdAt: this.clock.now(),
      };
      await manager.insert(CounterEntity, counter);
      await this.changed(manager, ctx, locationId, 'counter-added', {
        counterId: counter.id,
        name: dto.name,
      });
      return counterView(counter);
    });
  }

  async updateCounter(
    locationId: string,
    counterId: string,
    dto: UpdateCounterDto,
    ctx: ActorContext,
  ): Promise<CounterDto> {
    return this.dataSource.transaction(async (manager) => {
      const counter = await this.locations.findCounter(locationId, counterId, manager);
      if (!counter) throw new NotFoundProblem();
      if (dto.name !== undefined) await this.assertCounterNameFree(manager, locationId, dto.name, counterId);
      Object.assign(counter, dto);
      await manager.update(CounterEntity, counterId, { name: counter.name, active: counter.active });
      await this.changed(manager, ctx, locationId, 'counter-updated', { counterId, ...dto });
      return counterView(counter);
    });
  }

  /** GET /locations/{id}/counters: staff of the location choose their counter from these. */
  async countersForStaff(
    locationId: string,
    user: AuthUser,
  ): Promise<{ items: CounterDto[]; nextCursor: null }> {
    assertWorksAt(user, locationId);
    await this.requireLocation(locationId);
    return { items: (await this.locations.countersOf([locationId])).map(counterView), nextCursor: null };
  }

  async openingHours(locationId: string): Promise<OpeningHoursDto> {
    await this.requireLocation(locationId);
    return { ranges: rangesOf(await this.locations.hoursOf([locationId])) };
  }

  /** Replaces the weekly hours. Ranges of one day must not overlap. */
  async setOpeningHours(
    locationId: string,
    dto: OpeningHoursDto,
    ctx: ActorContext,
  ): Promise<OpeningHoursDto> {
    const errors: { field: string; message: string }[] = [];
    dto.ranges.forEach((range, index) => {
      if (range.closes <= range.opens)
        errors.push({ field: `ranges[${index}].closes`, message: 'must be after opens' });
      const overlapping = dto.ranges.findIndex(
        (other, j) =>
          j !== index &&
          other.weekday === range.weekday &&
          other.opens < range.closes &&
          range.opens < other.closes,
      );
      if (overlapping !== -1 && overlapping < index)
        errors.push({ field: `ranges[${index}]`, message: `overlaps ranges[${overlapping}]` });
    });
    if (errors.length > 0) throw new ValidationProblem(errors);
    await this.dataSource.transaction(async (manager) => {
      await this.requireLocation(locationId, manager);
      await manager.delete(OpeningHoursEntity, { locationId });
      if (dto.ranges.length > 0) {
        await manager.insert(
          OpeningHoursEntity,
          dto.ranges.map((range) => ({ id: uuidv7(), locationId, ...range })),
        );
      }
      await this.changed(manager, ctx, locationId, 'opening-hours-set', { ranges: dto.ranges });
    });
    return this.openingHours(locationId);
  }

  async closures(locationId: string): Promise<{ items: ClosureDto[]; nextCursor: null }> {
    await this.requireLocation(locationId);
    return { items: (await this.locations.closuresOf(locationId)).map(closureView), nextCursor: null };
  }

  async addClosure(locationId: string, dto: CreateClosureDto, ctx: ActorContext): Promise<ClosureDto> {
    checkClosure(dto);
    return this.dataSource.transaction(async (manager) => {
      await this.requireLocation(locationId, manager);
      const closure: ClosureEntity = {
        id: uuidv7(),
        locationId,
        date: dto.date,
        starts: dto.starts ?? null,
        ends: dto.ends ?? null,
        reason: dto.reason ?? null,
        reasonPublic: dto.reasonPublic ?? false,
        createdAt: this.clock.now(),
      };
      await manager.insert(ClosureEntity, closure);
      await this.changed(manager, ctx, locationId, 'closure-added', { closureId: closure.id, ...dto });
      return closureView(closure);
    });
  }

  /**
   * What a closure would leave standing, before it is added: the appointments still to come at the
   * location that overlap the closed span (a whole day or part of it, city time). Nothing is changed;
   * booked appointments are never cancelled by a closure.
   */
  async closureEffect(locationId: string, dto: CreateClosureDto): Promise<ClosureEffectDto> {
    checkClosure(dto);
    await this.requireLocation(locationId);
    const zone = this.config.CITY_TIME_ZONE;
    const from =
      dto.starts === undefined ? instantOf(dto.date, '00:00', zone) : instantOf(dto.date, dto.starts, zone);
    const to =
      dto.ends === undefined
        ? instantOf(addDays(dto.date, 1), '00:00', zone)
        : instantOf(dto.date, dto.ends, zone);
    const booked = await this.locations.bookedWithin(locationId, new Date(from), new Date(to));
    return {
      count: booked.length,
      items: booked.map((a) => ({
        id: a.id,
        reference: a.reference,
        serviceId: a.serviceId,
        start: isoInZone(a.start.getTime(), zone),
        end: isoInZone(a.end.getTime(), zone),
        status: a.status as ClosureEffectDto['items'][number]['status'],
      })),
    };
  }

  async removeClosure(locationId: string, closureId: string, ctx: ActorContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(ClosureEntity, { id: closureId, locationId });
      if (!result.affected) throw new NotFoundProblem();
      await this.changed(manager, ctx, locationId, 'closure-removed', { closureId });
    });
  }

  async offeredServices(locationId: string): Promise<{ items: OfferedServiceDto[]; nextCursor: null }> {
    await this.requireLocation(locationId);
    return { items: await this.offerViews(await this.locations.offersOf([locationId])), nextCursor: null };
  }

  /** Offers a catalogue service (or changes the offer). The service may not be known from events yet. */
  async offerService(
    locationId: string,
    serviceId: string,
    dto: OfferServiceDto,
    ctx: ActorContext,
  ): Promise<OfferedServiceDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.requireLocation(locationId, manager);
      if (dto.counterIds) {
        const counters = await manager.findBy(CounterEntity, { locationId });
        const unknown = dto.counterIds.findIndex((id) => !counters.some((c) => c.id === id));
        if (unknown !== -1)
          throw new ValidationProblem([
            { field: `counterIds[${unknown}]`, message: 'is not a counter of this location' },
          ]);
      }
      await manager.upsert(
        LocationServiceEntity,
        {
          locationId,
          serviceId,
          durationMinutes: dto.durationMinutes,
          maxFutureBookingsPerPerson: dto.maxFutureBookingsPerPerson,
          counterIds: dto.counterIds ?? null,
          updatedAt: this.clock.now(),
        },
        ['locationId', 'serviceId'],
      );
      await this.changed(manager, ctx, locationId, 'service-offered', { serviceId, ...dto });
    });
    const offer = await this.locations.findOffer(locationId, serviceId);
    const [view] = await this.offerViews([offer!]);
    if (!view) throw new Error(`no view for service ${serviceId} at location ${locationId}`);
    return view;
  }

  async withdrawService(locationId: string, serviceId: string, ctx: ActorContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(LocationServiceEntity, { locationId, serviceId });
      if (!result.affected) throw new NotFoundProblem();
      await this.changed(manager, ctx, locationId, 'service-withdrawn', { serviceId });
    });
  }

  private async requireLocation(id: string, manager?: EntityManager): Promise<LocationEntity> {
    const location = await this.locations.findLocation(id, manager);
    if (!location) throw new NotFoundProblem();
    return location;
  }

  private async assertCounterNameFree(
    manager: EntityManager,
    locationId: string,
    name: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await manager.findOneBy(CounterEntity, { locationId, name });
    if (existing && existing.id !== exceptId)
      throw new ValidationProblem([
        { field: 'name', message: 'is used by another counter of this location' },
      ]);
  }

  /** Every configuration change: audited, and announced to other services with the new state. */
  private async changed(
    manager: EntityManager,
    ctx: ActorContext,
    locationId: string,
    change: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.locationChanged(manager, ctx, locationId, change, details);
    await this.events.changed(manager, locationId, ctx.requestId || null);
  }

  private async adminViews(locations: LocationEntity[]): Promise<AdminLocationDto[]> {
    const ids = locations.map((l) => l.id);
    if (ids.length === 0) return [];
    const [hours, offers, counters] = await Promise.all([
      this.locations.hoursOf(ids),
      this.locations.offersOf(ids),
      this.locations.countersOf(ids),
    ]);
    const offerViews = await this.offerViews(offers);
    return locations.map((location) => {
      const services = offerViews.filter((_, i) => offers[i]?.locationId === location.id);
      return {
        ...publicLocation(location, hours),
        serviceIds: services.map((s) => s.serviceId),
        slotIntervalMinutes: location.slotIntervalMinutes,
        bookingWindowDays: location.bookingWindowDays,
        minLeadMinutes: location.minLeadMinutes,
        walkInsEnabled: location.walkInsEnabled,
        active: location.active,
        demo: location.demo,
        counters: counters.filter((c) => c.locationId === location.id).map(counterView),
        services,
      };
    });
  }

  private async offerViews(offers: LocationServiceEntity[]): Promise<OfferedServiceDto[]> {
    const names = new Map(
      (await this.catalogue.findMany([...new Set(offers.map((o) => o.serviceId))])).map((s) => [
        s.serviceId,
        s.name,
      ]),
    );
    return offers.map((offer) => ({
      serviceId: offer.serviceId,
      name: names.get(offer.serviceId) ?? null,
      durationMinutes: offer.durationMinutes,
      maxFutureBookingsPerPerson: offer.maxFutureBookingsPerPerson,
      counterIds: offer.counterIds,
    }));
  }
}

function rangesOf(hours: OpeningHoursEntity[]): WeeklyRangeDto[] {
  return hours.map((h) => ({ weekday: h.weekday, opens: hhmm(h.opens), closes: hhmm(h.closes) }));
}

function publicLocation(
  location: LocationEntity,
  hours: OpeningHoursEntity[],
): Omit<LocationBaseDto, 'serviceIds'> {
  return {
    id: location.id,
    name: location.name,
    address: { street: location.street, postalCode: location.postalCode, city: location.city },
    openingHours: rangesOf(hours.filter((h) => h.locationId === location.id)),
  };
}

function counterView(counter: CounterEntity): CounterDto {
  return { id: counter.id, name: counter.name, active: counter.active };
}

/** The rules of a closure the DTO cannot state: a real calendar day, both times or neither, in order. */
function checkClosure(dto: CreateClosureDto): void {
  // the DTO checks the form YYYY-MM-DD; a day that does not exist (2026-02-30) Postgres would refuse
  if (!isCalendarDate(dto.date)) {
    throw new ValidationProblem([{ field: 'date', message: 'must be a date YYYY-MM-DD' }]);
  }
  if ((dto.starts === undefined) !== (dto.ends === undefined)) {
    throw new ValidationProblem([
      {
        field: dto.starts === undefined ? 'starts' : 'ends',
        message: 'give both starts and ends, or neither',
      },
    ]);
  }
  if (dto.starts !== undefined && dto.ends !== undefined && dto.ends <= dto.starts) {
    throw new ValidationProblem([{ field: 'ends', message: 'must be after starts' }]);
  }
}

function closureView(closure: ClosureEntity): ClosureDto {
  return {
    id: closure.id,
    date: closure.date,
    starts: closure.starts === null ? null : hhmm(closure.starts),
    ends: closure.ends === null ? null : hhmm(closure.ends),
    reason: closure.reason,
    reasonPublic: closure.reasonPublic,
  };
}
