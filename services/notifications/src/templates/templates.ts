import { accountLocked, emailVerification, passwordReset, staffInvitation } from './account.templates';
import {
  applicationReceived,
  decisionAvailable,
  informationRequested,
  staffMessage,
} from './application.templates';
import {
  appointmentCancelled,
  appointmentReminder,
  appointmentRescheduled,
  bookingConfirmation,
  guestConfirmation,
} from './appointment.templates';
import type { MailContent, TemplateContext } from './content';
import { feedbackRequest } from './feedback.templates';
import type { MailKind, MailParams } from './mail-kinds';

export type Template<K extends MailKind> = (params: MailParams[K], context: TemplateContext) => MailContent;

/** The template of every kind: a kind without one does not compile. */
export const TEMPLATES: { readonly [K in MailKind]: Template<K> } = {
  'email-verification': emailVerification,
  'password-reset': passwordReset,
  'staff-invitation': staffInvitation,
  'account-locked': accountLocked,
  'guest-confirmation': guestConfirmation,
  'booking-confirmation': bookingConfirmation,
  'appointment-reminder': appointmentReminder,
  'appointment-cancelled': appointmentCancelled,
  'appointment-rescheduled': appointmentRescheduled,
  'application-received': applicationReceived,
  'information-requested': informationRequested,
  'decision-available': decisionAvailable,
  'staff-message': staffMessage,
  'feedback-request': feedbackRequest,
};
