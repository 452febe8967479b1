import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/** The office's calls (appointments service); views, components and stores call these, never fetch. */

export type Location = Schema<'LocationDto'>;
export type Counter = Schema<'CounterDto'>;
export type Agenda = Schema<'AgendaDto'>;
export type AgendaAppointment = Schema<'AgendaAppointmentDto'>;
export type Ticket = Schema<'TicketDto'>;
export type TicketStatus = Ticket['status'];
/** What a clerk does with a called ticket (POST /tickets/{id}/<action>). */
export type TicketAction = 'start' | 'complete' | 'no-show' | 'recall';

/** GET /locations: the offices, with today's opening hours. */
export async function listLocations(): Promise<Location[]> {
  return (await ok(api.GET('/api/v1/locations'))).items;
}

/** GET /locations/{id}/counters: the location's counters (inactive ones marked), for its staff. */
export async function listCounters(locationId: string): Promise<Counter[]> {
  return (await ok(api.GET('/api/v1/locations/{id}/counters', { params: { path: { id: locationId } } })))
    .items;
}

/** GET /locations/{id}/agenda: today's appointments (who comes, with contact) and tickets. Audited. */
export function loadAgenda(locationId: string): Promise<Agenda> {
  return ok(api.GET('/api/v1/locations/{id}/agenda', { params: { path: { id: locationId } } }));
}

/**
 * POST /tickets: check-in of a booked appointment (by its id, or by the booking reference as the resident
 * shows it: any case, spaces, with or without "T-"), or a walk-in ticket for a service.
 */
export function drawTicket(
  body:
    | { appointmentId: string }
    | { reference: string; locationId: string }
    | { locationId: string; serviceId: string },
): Promise<Ticket> {
  return ok(api.POST('/api/v1/tickets', { body }));
}

/** POST …/call-next: the next ticket called to this counter, or null when nobody waits for it (204). */
export async function callNext(locationId: string, counterId: string): Promise<Ticket | null> {
  const ticket = await ok(
    api.POST('/api/v1/locations/{id}/counters/{counterId}/call-next', {
      params: { path: { id: locationId, counterId } },
    }),
  );
  return ticket ?? null;
}

/** POST /tickets/{id}/start | complete | no-show | recall (409 `ticket-state` on a wrong transition). */
export function changeTicket(ticketId: string, action: TicketAction): Promise<Ticket> {
  const options = { params: { path: { id: ticketId } } };
  switch (action) {
    case 'start':
      return ok(api.POST('/api/v1/tickets/{id}/start', options));
    case 'complete':
      return ok(api.POST('/api/v1/tickets/{id}/complete', options));
    case 'no-show':
      return ok(api.POST('/api/v1/tickets/{id}/no-show', options));
    case 'recall':
      return ok(api.POST('/api/v1/tickets/{id}/recall', options));
  }
}
