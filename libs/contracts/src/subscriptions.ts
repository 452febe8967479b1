import type { EventType } from './events';
import { type ServiceName } from './services';

/**
 * Who listens to what. The outbox relay fans every event out to the event queue of each subscriber
 * listed here; a service receives nothing it does not list. Add a row here before writing a consumer.
 */
export const SUBSCRIPTIONS: Readonly<Record<ServiceName, readonly EventType[]>> = {
  identity: [],
  appointments: ['catalogue.service-changed', 'identity.account-deleted', 'identity.profile-changed'],
  applications: [
    'identity.account-deleted',
    'identity.profile-changed',
    'document.status-changed',
    'document.deleted',
    'document.issued',
    'appointment.booked',
    'appointment.completed',
    'location.changed',
    'ticket.completed',
  ],
  documents: [
    'identity.account-deleted',
    'application.submitted',
    'application.status-changed',
    'application.decided',
    'application.withdrawn',
    'application.message-posted',
  ],
  notifications: [
    'identity.email-verification-requested',
    'identity.password-reset-requested',
    'identity.staff-invited',
    'identity.account-locked',
    'identity.account-deleted',
    'identity.profile-changed',
    'appointment.booked',
    'appointment.confirmed',
    'appointment.cancelled',
    'appointment.rescheduled',
    'appointment.expired',
    'appointment.completed',
    'application.submitted',
    'application.info-requested',
    'application.decided',
    'application.message-posted',
    'document.issued',
  ],
};

/** The services whose event queue receives `type`. */
export function subscribersOf(type: EventType): ServiceName[] {
  return (Object.keys(SUBSCRIPTIONS) as ServiceName[]).filter((service) =>
    SUBSCRIPTIONS[service].includes(type),
  );
}

/**
 * Queue names. Never rename one without a migration plan: jobs waiting in the old queue would be
 * stranded. The braces are a Redis Cluster hash tag, so that all keys of one queue share a slot.
 * The per-run/per-deployment prefix (QUEUE_PREFIX) is BullMQ's `prefix` option, not part of the name.
 */
export function eventQueueName(service: ServiceName): string {
  return `{${service}.events}`;
}

/**
 * The registry of every service's own job queues (mails, PDFs, reminders, expiry, repeated upkeep), by
 * purpose. Never rename or remove one without a migration plan: jobs waiting in Redis would be stranded,
 * and a repeated job's old scheduler would go on adding jobs nobody takes.
 */
export const JOB_QUEUES = {
  // `maintenance` (identity, applications) is retired: renamed `housekeeping` in 2026-12; it stays listed
  // so that the renamed jobs can remove their old schedulers (`@Repeat`'s `replaces`)
  identity: ['housekeeping', 'maintenance'],
  appointments: ['expiry', 'housekeeping', 'lead-time'],
  applications: ['housekeeping', 'maintenance', 'webhooks'],
  documents: ['scan', 'issue', 'retention'],
  notifications: ['mail', 'reminders', 'housekeeping'],
} as const satisfies Readonly<Record<ServiceName, readonly string[]>>;

/** A job queue purpose of `service` (or of any service). */
export type JobQueuePurpose<S extends ServiceName = ServiceName> = (typeof JOB_QUEUES)[S][number];

/** The name of one of `service`'s job queues in the registry above. */
export function jobQueueName<S extends ServiceName>(service: S, purpose: JobQueuePurpose<S>): string {
  if (!/^[a-z][a-z0-9-]*$/.test(purpose)) {
    throw new Error(`invalid queue purpose "${purpose}": use lower-case letters, digits and dashes`);
  }
  if (!(JOB_QUEUES[service] as readonly string[]).includes(purpose)) {
    throw new Error(`"${purpose}" is not a job queue of ${service}: add it to JOB_QUEUES first`);
  }
  return `{${service}.${purpose}}`;
}
