import type { Locale } from '@buergeramt/contracts';
import { ApplicationsProblem } from '../common/problems';
import type { ApplicationStatus, WorkflowAction } from './workflow';

/** What was refused: a workflow step, assigning, editing (PATCH) or deleting (only drafts). */
export type RefusedAttempt = WorkflowAction | 'assign' | 'edit' | 'delete';

/** The statuses as a resident or a clerk reads them (the code stays in `currentStatus`). */
const STATUS_LABELS: Readonly<Record<Locale, Record<ApplicationStatus, string>>> = {
  de: {
    draft: 'Entwurf',
    submitted: 'eingereicht',
    in_review: 'in Bearbeitung',
    info_requested: 'Rückfrage offen',
    approved: 'bewilligt',
    rejected: 'abgelehnt',
    withdrawn: 'zurückgezogen',
  },
  en: {
    draft: 'draft',
    submitted: 'submitted',
    in_review: 'in review',
    info_requested: 'information requested',
    approved: 'approved',
    rejected: 'rejected',
    withdrawn: 'withdrawn',
  },
};

/** One whole sentence per refused attempt and language, around the status's label. */
const REFUSALS: Readonly<Record<Locale, Record<RefusedAttempt, (status: string) => string>>> = {
  de: {
    submit: (s) => `Ein Antrag im Status „${s}“ kann nicht eingereicht werden.`,
    start_review: (s) => `Ein Antrag im Status „${s}“ kann nicht in Bearbeitung genommen werden.`,
    request_info: (s) => `Zu einem Antrag im Status „${s}“ kann keine Rückfrage gestellt werden.`,
    approve: (s) => `Ein Antrag im Status „${s}“ kann nicht bewilligt werden.`,
    reject: (s) => `Ein Antrag im Status „${s}“ kann nicht abgelehnt werden.`,
    withdraw: (s) => `Ein Antrag im Status „${s}“ kann nicht zurückgezogen werden.`,
    assign: (s) => `Ein Antrag im Status „${s}“ kann niemandem zugewiesen werden.`,
    edit: (s) => `Ein Antrag im Status „${s}“ kann nicht geändert werden.`,
    delete: (s) =>
      `Nur Entwürfe können gelöscht werden; ein Antrag im Status „${s}“ kann vor der Entscheidung zurückgezogen werden.`,
  },
  en: {
    submit: (s) => `An application with the status "${s}" cannot be submitted.`,
    start_review: (s) => `An application with the status "${s}" cannot be taken into review.`,
    request_info: (s) => `Information cannot be requested for an application with the status "${s}".`,
    approve: (s) => `An application with the status "${s}" cannot be approved.`,
    reject: (s) => `An application with the status "${s}" cannot be rejected.`,
    withdraw: (s) => `An application with the status "${s}" cannot be withdrawn.`,
    assign: (s) => `An application with the status "${s}" cannot be assigned.`,
    edit: (s) => `An application with the status "${s}" cannot be changed.`,
    delete: (s) =>
      `Only drafts can be deleted; an application with the status "${s}" can be withdrawn before the decision.`,
  },
};

/**
 * A submitted case (also one resubmitted after an information request) is taken into review first
 * (`POST /review`, or assign), as API.md says; the refusal says so instead of only naming the status.
 */
const REVIEW_FIRST: Readonly<Record<Locale, Partial<Record<RefusedAttempt, string>>>> = {
  de: {
    request_info:
      'Zu einem eingereichten Antrag kann erst eine Rückfrage gestellt werden, wenn er in Bearbeitung genommen ist.',
    approve: 'Ein eingereichter Antrag kann erst bewilligt werden, wenn er in Bearbeitung genommen ist.',
    reject: 'Ein eingereichter Antrag kann erst abgelehnt werden, wenn er in Bearbeitung genommen ist.',
  },
  en: {
    request_info:
      'Information can be requested for a submitted application only once it has been taken into review.',
    approve: 'A submitted application can be approved only once it has been taken into review.',
    reject: 'A submitted application can be rejected only once it has been taken into review.',
  },
};

/** The refusal as a sentence in `locale`, e.g. `Ein Antrag im Status „bewilligt“ kann nicht zurückgezogen werden.` */
export function refusalText(status: ApplicationStatus, attempt: RefusedAttempt, locale: Locale): string {
  const reviewFirst = status === 'submitted' ? REVIEW_FIRST[locale][attempt] : undefined;
  return reviewFirst ?? REFUSALS[locale][attempt](STATUS_LABELS[locale][status]);
}

/**
 * 409 `invalid-transition` (or `not-editable` for an edit): the case's status does not allow `attempt`.
 * The status code is in `currentStatus` (`status` is the HTTP status, RFC 9457).
 */
export function refusedInStatus(
  status: ApplicationStatus,
  attempt: RefusedAttempt,
  locale: Locale,
): ApplicationsProblem {
  return new ApplicationsProblem(
    attempt === 'edit' ? 'not-editable' : 'invalid-transition',
    refusalText(status, attempt, locale),
    { currentStatus: status },
  );
}

/**
 * 409 `not-editable` on a message to a case without a thread: a draft (the thread starts with the
 * submission), or a case anonymised after its account was deleted.
 */
export function messagesRefused(status: ApplicationStatus, locale: Locale): ApplicationsProblem {
  const detail =
    status === 'draft'
      ? locale === 'en'
        ? 'Messages can be written once the application has been submitted.'
        : 'Nachrichten sind möglich, sobald der Antrag eingereicht ist.'
      : locale === 'en'
        ? 'This application takes no more messages.'
        : 'Zu diesem Antrag sind keine Nachrichten mehr möglich.';
  return new ApplicationsProblem('not-editable', detail, { currentStatus: status });
}
