import { createHmac, timingSafeEqual } from 'node:crypto';

export type FeedbackSubject = 'appointment' | 'application';

/**
 * The token in feedback links (mailed by notifications, which holds the same FEEDBACK_TOKEN_SECRET):
 * base64url(HMAC-SHA256(secret, `${subjectType}:${subjectId}:${personId}`)). `personId` is the user id of
 * the person served, or, for a guest booking, the lower-cased contact e-mail address.
 */
export function feedbackToken(
  secret: string,
  subjectType: FeedbackSubject,
  subjectId: string,
  personId: string,
): string {
  return createHmac('sha256', secret).update(`${subjectType}:${subjectId}:${personId}`).digest('base64url');
}

export function verifyFeedbackToken(
  secret: string,
  token: string,
  subjectType: FeedbackSubject,
  subjectId: string,
  personId: string,
): boolean {
  const expected = Buffer.from(feedbackToken(secret, subjectType, subjectId, personId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
