import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The tokens of feedback links. Notifications signs them into the mails, applications verifies them when
 * the rating arrives; both hold the same FEEDBACK_TOKEN_SECRET, and this one implementation keeps them
 * agreeing.
 */
export type FeedbackSubjectType = 'appointment' | 'application';

/**
 * Who was asked for feedback, as both services can tell from the events: the account (`user:<userId>`)
 * when there is one, else the guest's address (`email:<address, trimmed and lower-cased>`).
 */
export type FeedbackPerson = { userId: string } | { email: string };

export function personRef(person: FeedbackPerson): string {
  return 'userId' in person ? `user:${person.userId}` : `email:${person.email.trim().toLowerCase()}`;
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
