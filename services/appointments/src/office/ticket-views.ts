import { Injectable } from '@nestjs/common';
import type { TicketDto } from './dto/office.dto';
import { OfficeRepository } from './office.repository';
import type { TicketEntity } from './ticket.entities';

/** Service time assumed before anything was served today and nothing planned is known. */
const DEFAULT_SERVICE_MINUTES = 10;

/** A ticket as staff and kiosks see it: its place in the queue and the estimated wait. */
@Injectable()
export class TicketViews {
  constructor(private readonly office: OfficeRepository) {}

  /**
   * Minutes until `ahead` people are served: today's mean real service time (the planned durations
   * until the first ticket is completed) times the people ahead, shared by the counters calling.
   */
  async estimate(
    locationId: string,
    pace: { meanServiceMinutes: number | null; plannedMinutes: number | null; activeCounters: number },
    ahead: number,
    servingCounters?: number,
  ): Promise<number> {
    if (ahead <= 0) return 0;
    const perPerson = pace.meanServiceMinutes ?? pace.plannedMinutes ?? DEFAULT_SERVICE_MINUTES;
    let counters =
      pace.activeCounters > 0
        ? pace.activeCounters
        : Math.max(1, await this.office.activeCounterCount(locationId));
    // a service only some counters serve: at most those share its queue
    if (servingCounters !== undefined) counters = Math.max(1, Math.min(counters, servingCounters));
    return Math.round((ahead * perPerson) / counters);
  }

  async withPosition(ticket: TicketEntity, now: Date): Promise<TicketDto> {
    const positions = await this.office.positions(ticket.locationId, ticket.serviceDay, now);
    const position = positions.get(ticket.id) ?? null;
    const pace = await this.office.pace(ticket.locationId, ticket.serviceDay, now);
    return this.view(
      ticket,
      position,
      position === null ? null : await this.estimate(ticket.locationId, pace, position - 1),
      null,
    );
  }

  view(
    ticket: TicketEntity,
    position: number | null,
    estimate: number | null,
    counter: string | null,
  ): TicketDto {
    return {
      id: ticket.id,
      number: ticket.number,
      status: ticket.status,
      kind: ticket.kind,
      locationId: ticket.locationId,
      serviceId: ticket.serviceId,
      appointmentId: ticket.appointmentId,
      position,
      estimatedWaitMinutes: estimate,
      counter,
      arrivedAt: ticket.arrivedAt.toISOString(),
      calledAt: ticket.calledAt?.toISOString() ?? null,
      startedAt: ticket.startedAt?.toISOString() ?? null,
      finishedAt: ticket.finishedAt?.toISOString() ?? null,
    };
  }
}
