import type { LocationQuery } from 'vue-router';
import type { FeedbackSubjectType } from './api';

/** The highest rating (very satisfied); 1 is very dissatisfied, as in the feedback mail. */
export const RATINGS = [5, 4, 3, 2, 1] as const;
export type Rating = (typeof RATINGS)[number];

/** The longest comment the API takes (CreateFeedbackDto). */
export const COMMENT_MAX = 2000;

/** What is rated, and how the person came: the page's query (the mail's link, the inbox's, the app's own). */
export interface FeedbackSubject {
  subjectType: FeedbackSubjectType;
  subjectId: string;
  /** the rating chosen in the mail with one click */
  rating: Rating | null;
  /** the token of the mail's link: rating without logging in */
  token: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (value: LocationQuery[string] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * Reads `/feedback?subjectType=&subjectId=&rating=&token=` (the notifications service's links); null
 * when what is rated is missing or cannot be (a link cut short).
 */
export function feedbackSubject(query: LocationQuery): FeedbackSubject | null {
  const subjectType = one(query.subjectType);
  const subjectId = one(query.subjectId)?.trim();
  if (subjectType !== 'appointment' && subjectType !== 'application') return null;
  if (!subjectId || !UUID.test(subjectId)) return null;
  const rating = Number(one(query.rating));
  const token = one(query.token)?.trim();
  return {
    subjectType,
    subjectId: subjectId.toLowerCase(),
    rating: RATINGS.find((r) => r === rating) ?? null,
    token: token ? token : null,
  };
}

/** The comment as sent: trimmed, and left out when empty. */
export function commentToSend(comment: string): string | undefined {
  const trimmed = comment.trim();
  return trimmed ? trimmed : undefined;
}

/** Characters as the API counts them for its limit (code points, not UTF-16 units). */
export function commentLength(comment: string): number {
  return Array.from(comment.trim()).length;
}
