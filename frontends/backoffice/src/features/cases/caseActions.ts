import type { UiTone } from '@buergeramt/ui';
import type { StaffRole } from '../../access';

/**
 * What the workflow (applications' `workflow.ts`) lets a person do with a case now, so the page offers
 * only that, and says why when a step waits on something: the server decides again on every request
 * (409 when another clerk was quicker), this only keeps the page honest.
 */
export type CaseStatus =
  'draft' | 'submitted' | 'in_review' | 'info_requested' | 'approved' | 'rejected' | 'withdrawn';

export interface CaseActor {
  id: string;
  role: StaffRole;
}

export interface CaseActions {
  /** take the case (assign to oneself) */
  assignToMe: boolean;
  /** assign it to a colleague: supervisors and admins (issue 17) */
  assignOther: boolean;
  /** submitted → in review (also after a resubmission) */
  review: boolean;
  requestInfo: boolean;
  decide: boolean;
  /** why the working steps are not offered (a key of `cases.actions.why`), null when they are */
  why: 'decided' | 'withdrawn' | 'waiting' | 'notYours' | null;
}

/** The statuses in which the office works on a case (assignable). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'in_review', 'info_requested'];

const supervises = (actor: CaseActor): boolean => actor.role === 'supervisor' || actor.role === 'admin';

export function caseActions(
  app: { status: CaseStatus; assignee: string | null },
  actor: CaseActor,
): CaseActions {
  const open = OPEN_STATUSES.includes(app.status);
  const mine = app.assignee === actor.id;
  // the assigned clerk, or a supervisor; an unassigned case is taken by starting its review
  const worker = mine || supervises(actor);
  const none: CaseActions = {
    assignToMe: false,
    assignOther: false,
    review: false,
    requestInfo: false,
    decide: false,
    why: null,
  };
  if (!open) {
    return {
      ...none,
      why: app.status === 'withdrawn' ? 'withdrawn' : app.status === 'draft' ? null : 'decided',
    };
  }
  const actions: CaseActions = {
    ...none,
    assignToMe: !mine,
    assignOther: supervises(actor),
    review: app.status === 'submitted' && (worker || app.assignee === null),
    requestInfo: app.status === 'in_review' && worker,
    decide: app.status === 'in_review' && worker,
  };
  if (app.status === 'info_requested') actions.why = 'waiting';
  else if (!worker && app.assignee !== null) actions.why = 'notYours';
  return actions;
}

/** How a status looks in a tag: the question to the resident stands out, a decision says its outcome. */
export function statusTone(status: CaseStatus): UiTone {
  switch (status) {
    case 'info_requested':
      return 'warning';
    case 'approved':
      return 'success';
    case 'rejected':
      return 'error';
    case 'submitted':
    case 'in_review':
      return 'info';
    case 'draft':
    case 'withdrawn':
      return 'neutral';
  }
}
