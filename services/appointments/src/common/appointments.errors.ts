import { DomainProblem, type ProblemTable } from '@buergeramt/platform';

/**
 * Every error appointments answers with on purpose, by its problem type slug (API.md names the first
 * two). The table maps each to its status and title: a code added without a row does not compile.
 */
export type AppointmentsErrorCode =
  | 'slot-unavailable'
  | 'booking-limit'
  | 'appointment-not-active'
  | 'confirmation-expired'
  | 'idempotency-key-reused'
  | 'location-closed'
  | 'day-full'
  | 'ticket-state'
  | 'already-checked-in'
  | 'not-today'
  | 'location-not-assigned'
  | 'counter-inactive';

const PROBLEMS: ProblemTable<AppointmentsErrorCode> = {
  'slot-unavailable': { status: 409, title: 'This time is not available (any more)' },
  'booking-limit': {
    status: 409,
    title: 'You already hold the allowed number of future appointments for this service',
  },
  'appointment-not-active': { status: 409, title: 'The appointment is cancelled, expired or over' },
  'confirmation-expired': {
    status: 409,
    title: 'The booking was not confirmed in time and has been released',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was already used for a different request',
  },
  'location-closed': { status: 409, title: 'The location is closed now' },
  'day-full': { status: 409, title: 'There is no capacity left today for this service' },
  'ticket-state': { status: 409, title: 'The ticket is not in a state that allows this' },
  'already-checked-in': { status: 409, title: 'The appointment is checked in already' },
  'not-today': { status: 409, title: 'The appointment is not today' },
  'location-not-assigned': { status: 403, title: 'You do not work at this location' },
  'counter-inactive': { status: 409, title: 'The counter is not in service' },
};

/** A problem+json error of the appointments service. */
export class AppointmentsProblem extends DomainProblem<AppointmentsErrorCode> {
  constructor(code: AppointmentsErrorCode, detail?: string, extensions?: Record<string, unknown>) {
    super(PROBLEMS, code, detail, extensions);
  }
}
