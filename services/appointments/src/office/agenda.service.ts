import { NotFoundProblem, ValidationProblem, Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppointmentEvents } from '../bookings/appointment-events';
import { isCalendarDate } from '../calendar/time';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { assertWorksAt } from '../common/staff-access';
import { LocationsRepository } from '../locations/locations.repository';
import type { AgendaDto, TicketDto } from './dto/office.dto';
import { OfficeDay } from './office-day';
import { OfficeRepository } from './office.repository';
import type { StaffContext } from './office.service';
import { TicketViews } from './ticket-views';

/** An office's day for its staff: the appointments with their people, and the tickets (each read is audited). */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cityDay: OfficeDay,
    private readonly office: OfficeRepository,
    private readonly locations: LocationsRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly events: AppointmentEvents,
    private readonly views: TicketViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async agenda(locationId: string, date: string | undefined, ctx: StaffContext): Promise<AgendaDto> {
    assertWorksAt(ctx.user, locationId);
    const location = await this.locations.findLocation(locationId);
    if (!location) throw new NotFoundProblem();
    const now = this.clock.now();
    const day = date ?? this.cityDay.dateOf(now);
    if (!isCalendarDate(day))
      throw new ValidationProblem([{ field: 'date', message: 'is not a calendar date' }]);
    const from = this.cityDay.start(day);
    const rows = await this.office.agendaRows(locationId, from, new Date(from.getTime() + 36 * 3_600_000));
    const inDay = rows.filter((r) => this.cityDay.dateOf(r.start_at) === day);
    const names = new Map(
      (await this.catalogue.findMany([...new Set(inDay.map((r) => r.service_id))])).map((s) => [
        s.serviceId,
        s.name,
      ]),
    );
    const tickets = await this.office.ticketsOfDay(locationId, day);
    const counters = new Map((await this.locations.countersOf([locationId])).map((c) => [c.id, c.name]));
    const positions = await this.office.positions(locationId, day, now);
    const pace = await this.office.pace(locationId, day, now);
    const ticketViews: TicketDto[] = [];
    for (const t of tickets) {
      const position = positions.get(t.id) ?? null;
      ticketViews.push(
        this.views.view(
          t,
          position,
          position === null ? null : await this.views.estimate(locationId, pace, position - 1),
          t.counterId ? (counters.get(t.counterId) ?? null) : null,
        ),
      );
    }
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actor: ctx.user,
        action: 'agenda.read',
        targetType: 'location',
        targetId: locationId,
        details: { date: day, appointments: inDay.length },
        requestId: ctx.requestId,
      }),
    );
    return {
      date: day,
      appointments: inDay.map((r) => ({
        id: r.id,
        reference: r.reference,
        status: r.status,
        serviceId: r.service_id,
        serviceName: names.get(r.service_id) ?? null,
        start: this.events.iso(r.start_at),
        end: this.events.iso(r.end_at),
        counter: r.counter,
        contact:
          r.contact_email && r.contact_name
            ? { name: r.contact_name, email: r.contact_email, phone: r.contact_phone }
            : null,
        userId: r.user_id,
        name: r.contact_name ?? r.person_name,
        ticketNumber: r.ticket_number,
      })),
      tickets: ticketViews,
    };
  }
}
