import type { LocationQuery } from 'vue-router';
import type { MailKind, MailStatus } from '../api';

export const MAIL_STATUSES: readonly MailStatus[] = ['pending', 'queued', 'sent', 'failed', 'skipped'];
export const MAIL_KINDS: readonly MailKind[] = [
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
];

const first = (value: LocationQuery[string] | undefined): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
};

/** The mail log's filter from the URL (`?status=failed&art=staff-invitation`); unknown values are none. */
export function mailFilterFromQuery(query: LocationQuery): { status?: MailStatus; kind?: MailKind } {
  const status = first(query.status) as MailStatus | undefined;
  const kind = first(query.art) as MailKind | undefined;
  return {
    ...(status && MAIL_STATUSES.includes(status) ? { status } : {}),
    ...(kind && MAIL_KINDS.includes(kind) ? { kind } : {}),
  };
}
