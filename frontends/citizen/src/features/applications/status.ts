import type { UiTone } from '@buergeramt/ui';
import type { ApplicationStatus, TimelineEntry } from './api';

/** The resident can still change the answers and documents (and then submits). */
export function isEditable(status: ApplicationStatus): boolean {
  return status === 'draft' || status === 'info_requested';
}

/** Withdrawing is possible until the decision; a draft is deleted instead. */
export function canWithdraw(status: ApplicationStatus): boolean {
  return status === 'submitted' || status === 'in_review' || status === 'info_requested';
}

export function isDecided(status: ApplicationStatus): boolean {
  return status === 'approved' || status === 'rejected';
}

/** How a status looks: the question to the resident stands out, a decision says its outcome. */
export function statusTone(status: ApplicationStatus): UiTone {
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

/**
 * What a step of the timeline was, in the words of the page (`applications.timeline.<event>`): a case
 * sent again after a question is "resubmitted", not "submitted".
 */
export type TimelineEvent =
  | 'started'
  | 'submitted'
  | 'resubmitted'
  | 'inReview'
  | 'infoRequested'
  | 'approved'
  | 'rejected'
  | 'withdrawn';

export function timelineEvent(entry: Pick<TimelineEntry, 'from' | 'to'>): TimelineEvent {
  switch (entry.to) {
    case 'draft':
      return 'started';
    case 'submitted':
      return entry.from === 'info_requested' ? 'resubmitted' : 'submitted';
    case 'in_review':
      return 'inReview';
    case 'info_requested':
      return 'infoRequested';
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return entry.to;
  }
}

/**
 * The applications that wait on the resident first (a question from the office, then drafts), then those
 * at the office, then the finished ones; newest first within each.
 */
export function byWhatNeedsAction<T extends { status: ApplicationStatus; updatedAt: string }>(
  items: readonly T[],
): T[] {
  const rank = (status: ApplicationStatus): number =>
    status === 'info_requested'
      ? 0
      : status === 'draft'
        ? 1
        : isDecided(status) || status === 'withdrawn'
          ? 3
          : 2;
  return [...items].sort((a, b) => rank(a.status) - rank(b.status) || b.updatedAt.localeCompare(a.updatedAt));
}
