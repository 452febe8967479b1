import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FeedbackSubjectType } from '../templates/links';

/**
 * Who was asked for feedback, as both the notifications and the applications service can tell from the
 * events: the account (`user:<userId>`) when there is one, else the guest's address
 * (`email:<address, trimmed and lower-cased>`).
 */
export type FeedbackPerson = { userId: string } | { email: string };

export function personRef(person: FeedbackPerson): string {
  return 'userId' in person ? `user:${person.userId}` : `email:${person.email.trim().toLowerCase()}`;
}

/** The key of the weekly limit: the account, or a hash of the guest's address (no address stored). */
export function personKey(person: FeedbackPerson): string {
  return 'userId' in person
    ? `user:${person.userId}`
    : `email:${createHash('sha256').update(person.email.trim().toLowerCase()).digest('hex')}`;
}

/**
 * Feedback tokens: `v1.` + base64url(HMAC-SHA256(FEEDBACK_TOKEN_SECRET,
 * "feedback.v1|<subjectType>|<subjectId>|<personRef>")). The rating is not part of it, so one token serves
 * all five links and the comment form; it proves that the link was mailed to the person served.
 */
export class FeedbackTokens {
  constructor(private readonly secret: string) {}

  sign(subjectType: FeedbackSubjectType, subjectId: string, person: FeedbackPerson): string {
    const mac = createHmac('sha256', this.secret)
      .update(`feedback.v1|${subjectType}|${subjectId}|${personRef(person)}`)
      .digest('base64url');
    return `v1.${mac}`;
  }

  /** What the applications service does with a token (kept here as the reference implementation). */
  verify(
    token: string,
    subjectType: FeedbackSubjectType,
    subjectId: string,
    person: FeedbackPerson,
  ): boolean {
    const expected = Buffer.from(this.sign(subjectType, subjectId, person));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
