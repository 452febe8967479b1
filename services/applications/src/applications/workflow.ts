/** The case workflow of API.md: every transition is guarded here, and only here. */
export const STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'info_requested',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof STATUSES)[number];

export type WorkflowAction = 'submit' | 'start_review' | 'request_info' | 'approve' | 'reject' | 'withdraw';

export const TRANSITIONS: Readonly<
  Record<WorkflowAction, { from: readonly ApplicationStatus[]; to: ApplicationStatus }>
> = {
  submit: { from: ['draft', 'info_requested'], to: 'submitted' },
  start_review: { from: ['submitted'], to: 'in_review' },
  request_info: { from: ['in_review'], to: 'info_requested' },
  approve: { from: ['in_review'], to: 'approved' },
  reject: { from: ['in_review'], to: 'rejected' },
  withdraw: { from: ['draft', 'submitted', 'in_review', 'info_requested'], to: 'withdrawn' },
};

/** The status `action` leads to from `from`, or null when the workflow does not allow it. */
export function transition(from: ApplicationStatus, action: WorkflowAction): ApplicationStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(from) ? rule.to : null;
}

/** Statuses in which the owner may edit data and documents. */
export const EDITABLE: readonly ApplicationStatus[] = ['draft', 'info_requested'];
/** Statuses of cases the office is working on (assignable, counted as backlog). */
export const OPEN: readonly ApplicationStatus[] = ['submitted', 'in_review', 'info_requested'];
/** Statuses in which the office owes the next step (the overdue filter looks at these). */
export const WITH_OFFICE: readonly ApplicationStatus[] = ['submitted', 'in_review'];
