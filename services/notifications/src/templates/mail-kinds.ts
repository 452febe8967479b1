import type { Locale, Role } from '@buergeramt/contracts';

/**
 * Every kind of mail the service sends. The value is stored in the delivery log and is the `type` of inbox
 * entries: never rename one without a migration.
 */
export const MAIL_KINDS = [
  'email-verification',
  'password-reset',
  'staff-invitation',
  'account-locked',
  'guest-confirmation',
  'booking-confirmation',
  'appointment-reminder',
  'appointment-cancelled',
  'appointment-rescheduled',
  'application-received',
  'information-requested',
  'decision-available',
  'staff-message',
  'feedback-request',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Names of a service in both languages, as the applications service publishes them. */
export interface LocalizedName {
  de: string;
  en: string;
}

/** What an appointment mail needs (copied from the event; extras are read when the event carries them). */
export interface AppointmentMailParams {
  appointmentId: string;
  reference: string;
  start: string;
  end: string;
  /** guests' manage token (also their confirmation token); null for logged-in owners */
  manageToken: string | null;
  serviceName: LocalizedName | null;
  locationName: string | null;
  locationAddress: string | null;
}

export interface MailParams {
  'email-verification': { token: string; expiresAt: string; alreadyRegistered: boolean };
  'password-reset': { token: string; expiresAt: string };
  'staff-invitation': { token: string; expiresAt: string; roles: Role[] };
  'account-locked': { lockedUntil: string };
  'guest-confirmation': AppointmentMailParams & { confirmBy: string };
  'booking-confirmation': AppointmentMailParams;
  'appointment-reminder': AppointmentMailParams;
  'appointment-cancelled': AppointmentMailParams & {
    cancelledBy: 'owner' | 'staff' | 'system';
    sequence: number;
  };
  'appointment-rescheduled': AppointmentMailParams & {
    previousStart: string;
    previousEnd: string;
    sequence: number;
  };
  'application-received': { applicationId: string; reference: string };
  'information-requested': { applicationId: string; reference: string; message: string };
  'decision-available': {
    applicationId: string;
    reference: string;
    outcome: 'approved' | 'rejected';
    serviceName: LocalizedName;
  };
  'staff-message': { applicationId: string };
  'feedback-request': {
    subjectType: 'appointment' | 'application';
    subjectId: string;
    /** the appointment's or case's reference, for the text */
    reference: string | null;
    /** HMAC token of the one-click links (see FeedbackTokens) */
    token: string;
  };
}

/** A mail kind together with its parameters, typed by kind. */
export type MailRequestOf<K extends MailKind> = { kind: K; params: MailParams[K] };

/**
 * Mails needed for security or for a booking to hold are always sent; the others can be switched off
 * with `PUT /notifications/preferences {email:false}` (the inbox entry is still created).
 */
export const ALWAYS_SENT: Readonly<Record<MailKind, boolean>> = {
  'email-verification': true,
  'password-reset': true,
  'staff-invitation': true,
  'account-locked': true,
  'guest-confirmation': true,
  'booking-confirmation': true,
  'appointment-cancelled': true,
  'appointment-rescheduled': true,
  'appointment-reminder': false,
  'application-received': false,
  'information-requested': false,
  'decision-available': false,
  'staff-message': false,
  'feedback-request': false,
};

/**
 * Kinds that also become an entry of the person's in-app inbox. Mails with secret links for people who
 * cannot log in yet (verification, reset, invitation) never do; guest confirmations have no account.
 */
export const IN_INBOX: Readonly<Record<MailKind, boolean>> = {
  'email-verification': false,
  'password-reset': false,
  'staff-invitation': false,
  'guest-confirmation': false,
  'account-locked': true,
  'booking-confirmation': true,
  'appointment-reminder': true,
  'appointment-cancelled': true,
  'appointment-rescheduled': true,
  'application-received': true,
  'information-requested': true,
  'decision-available': true,
  'staff-message': true,
  'feedback-request': true,
};

/** Parameters that are secrets (tokens): never stored with inbox entries, dropped from the log once sent. */
export const SECRET_PARAMS = ['token', 'manageToken'] as const;

export function isMailKind(value: string): value is MailKind {
  return (MAIL_KINDS as readonly string[]).includes(value);
}

export const LOCALES: readonly Locale[] = ['de', 'en'];

export function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en';
}
