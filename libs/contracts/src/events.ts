import type { EventEnvelope } from './envelope';
import type { Role } from './roles';

export type Locale = 'de' | 'en';

/**
 * Payloads of every event, by event type. Adding a field is compatible; removing or changing one
 * needs a new `version` and consumers that accept both for a while.
 */
export interface EventPayloads {
  // identity
  'identity.email-verification-requested': {
    userId: string;
    email: string;
    givenName: string;
    locale: Locale;
    /**
     * single-use token for the verification link (POST /auth/verify-email); empty when
     * `alreadyRegistered` (that mail has no link, it may point to "forgot password")
     */
    token: string;
    expiresAt: string;
    /** true when the address already had a verified account: the mail says so instead */
    alreadyRegistered: boolean;
  };
  'identity.password-reset-requested': {
    userId: string;
    email: string;
    givenName: string;
    locale: Locale;
    token: string;
    expiresAt: string;
  };
  /** the token sets the first password through POST /auth/password/reset, like a reset token */
  'identity.staff-invited': {
    userId: string;
    email: string;
    givenName: string;
    locale: Locale;
    roles: Role[];
    token: string;
    expiresAt: string;
  };
  'identity.account-locked': {
    userId: string;
    email: string;
    givenName: string;
    locale: Locale;
    lockedUntil: string;
  };
  'identity.account-deleted': {
    userId: string;
  };
  /** published on verification, profile and staff changes, and for new federated accounts */
  'identity.profile-changed': {
    userId: string;
    /** empty for a federated account whose provider vouched for no address */
    email: string;
    givenName: string;
    familyName: string;
    locale: Locale;
    roles: Role[];
  };

  // applications: catalogue
  'catalogue.service-changed': {
    serviceId: string;
    slug: string;
    name: { de: string; en: string };
    appointmentRequired: boolean;
    onlineApplication: boolean;
    active: boolean;
  };

  // appointments
  'appointment.booked': AppointmentPayload;
  'appointment.confirmed': AppointmentPayload;
  'appointment.cancelled': AppointmentPayload & { cancelledBy: 'owner' | 'staff' | 'system' };
  'appointment.rescheduled': AppointmentPayload & { previousStart: string; previousEnd: string };
  'appointment.expired': AppointmentPayload;
  /** published when the appointment was served to its end: feedback may be asked for */
  'appointment.completed': AppointmentPayload & { completedAt: string };
  'appointment.no-show': AppointmentPayload;
  /**
   * a location's public face changed (created, renamed, moved, opened or closed for good, a service
   * offered or withdrawn): the whole current state, so that the newest event is all a consumer needs
   */
  'location.changed': {
    locationId: string;
    name: string;
    /** one line: street, postal code and city */
    address: string;
    active: boolean;
    /** the catalogue services this location offers appointments for */
    serviceIds: string[];
  };
  /** a ticket (an appointment checked in, or a walk-in) was served to its end; carries no person */
  'ticket.completed': {
    ticketId: string;
    locationId: string;
    serviceId: string;
    kind: 'appointment' | 'walk_in';
    arrivedAt: string;
    calledAt: string;
    completedAt: string;
    /** minutes from arrival (for an appointment: its time, when that is later) to the first call */
    waitMinutes: number;
    /** minutes from the start of service (or the call) to completion */
    serviceMinutes: number;
  };

  // applications
  'application.submitted': ApplicationPayload & { reference: string; documentIds: string[] };
  'application.status-changed': ApplicationPayload & { from: string; to: string; actorRole: string };
  'application.info-requested': ApplicationPayload & { reference: string; message: string };
  'application.decided': ApplicationPayload & {
    reference: string;
    outcome: 'approved' | 'rejected';
    reason: string;
    decidedAt: string;
    decidedByRole: Role;
    serviceName: { de: string; en: string };
    applicant: { givenName: string; familyName: string };
  };
  'application.withdrawn': ApplicationPayload & { reference: string | null };
  'application.message-posted': ApplicationPayload & {
    messageId: string;
    fromStaff: boolean;
    documentIds: string[];
    /**
     * `info-request`: the question of an information request, posted with `application.info-requested`
     * (which is what tells the owner); `message`: a message of the thread. Absent in events written before
     * the field existed: read as `message`.
     */
    kind?: 'message' | 'info-request';
  };

  // documents
  /** a document's status changed (uploaded, scanned clean, rejected); applications keeps valid ids */
  'document.status-changed': {
    documentId: string;
    ownerId: string;
    status: 'pending_scan' | 'clean' | 'rejected';
    mediaType: string;
  };
  'document.deleted': { documentId: string; ownerId: string };
  'document.issued': {
    documentId: string;
    ownerId: string;
    applicationId: string;
    verificationCode: string;
    sha256: string;
  };
}

export interface AppointmentPayload {
  appointmentId: string;
  reference: string;
  serviceId: string;
  locationId: string;
  start: string;
  end: string;
  /** the logged-in owner, or null for a guest booking */
  userId: string | null;
  contact: { name: string; email: string; locale: Locale } | null;
  /** the manage token for guests, so that mails can carry the link; null for logged-in owners */
  manageToken: string | null;
  /**
   * a guest booking waiting for its confirmation: when it lapses unless confirmed (the booking service's
   * GUEST_CONFIRMATION_MINUTES after booking); null otherwise. Absent in events published before it existed.
   */
  confirmBy?: string | null;
  /** the service's name from appointments' catalogue read model, when known (mails, calendar entries) */
  serviceName?: { de: string; en: string } | null;
  /** the location's name and one-line address, for mails and calendar entries */
  locationName?: string;
  locationAddress?: string;
}

export interface ApplicationPayload {
  applicationId: string;
  serviceId: string;
  ownerId: string;
}

export type EventType = keyof EventPayloads;
export type DomainEvent<T extends EventType = EventType> = EventEnvelope<T, EventPayloads[T]>;

/** Current payload version of each event type. */
export const EVENT_VERSIONS: Readonly<Record<EventType, number>> = {
  'identity.email-verification-requested': 1,
  'identity.password-reset-requested': 1,
  'identity.staff-invited': 1,
  'identity.account-locked': 1,
  'identity.account-deleted': 1,
  'identity.profile-changed': 1,
  'catalogue.service-changed': 1,
  'appointment.booked': 1,
  'appointment.confirmed': 1,
  'appointment.cancelled': 1,
  'appointment.rescheduled': 1,
  'appointment.expired': 1,
  'appointment.completed': 1,
  'appointment.no-show': 1,
  'location.changed': 1,
  'ticket.completed': 1,
  'application.submitted': 1,
  'application.status-changed': 1,
  'application.info-requested': 1,
  'application.decided': 1,
  'application.withdrawn': 1,
  'application.message-posted': 1,
  'document.status-changed': 1,
  'document.deleted': 1,
  'document.issued': 1,
};

export const ALL_EVENT_TYPES = Object.keys(EVENT_VERSIONS) as EventType[];
