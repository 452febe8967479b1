import { DomainProblem, type ProblemTable } from '@buergeramt/platform';

/**
 * Every error this service answers with on purpose, by problem type slug (API.md). Each code has exactly
 * one row below: a code added without a row does not compile.
 */
export type ApplicationsErrorCode =
  | 'slug-taken'
  | 'no-form'
  | 'not-online'
  | 'invalid-transition'
  | 'not-editable'
  | 'not-assignee'
  | 'idempotency-key-reused'
  | 'feedback-exists'
  | 'feedback-not-allowed'
  | 'delivery-pending'
  | 'webhook-deleted';

const PROBLEMS: ProblemTable<ApplicationsErrorCode> = {
  'slug-taken': { status: 409, title: 'Another service already uses this slug' },
  'no-form': { status: 404, title: 'This service has no published online form' },
  'not-online': { status: 409, title: 'This service cannot be applied for online' },
  'invalid-transition': { status: 409, title: 'The application is not in a state that allows this' },
  'not-editable': { status: 409, title: 'The application cannot be changed in its current state' },
  'not-assignee': { status: 403, title: 'Only the assigned clerk (or a supervisor) may do this' },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was already used for another request',
  },
  'feedback-exists': { status: 409, title: 'Feedback for this was already given' },
  'feedback-not-allowed': {
    status: 409,
    title: 'Feedback is possible once the appointment is completed or the case decided',
  },
  'delivery-pending': { status: 409, title: 'This delivery is still being attempted' },
  'webhook-deleted': { status: 409, title: 'The endpoint of this delivery was removed' },
};

/** A problem+json error of this service. */
export class ApplicationsProblem extends DomainProblem<ApplicationsErrorCode> {
  constructor(code: ApplicationsErrorCode, detail?: string, extensions?: Record<string, unknown>) {
    super(PROBLEMS, code, detail, extensions);
  }
}
