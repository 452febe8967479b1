import { createHash } from 'node:crypto';
import type { FeedbackPerson } from '@buergeramt/platform';

/** The key of the weekly limit: the account, or a hash of the guest's address (no address stored). */
export function personKey(person: FeedbackPerson): string {
  return 'userId' in person
    ? `user:${person.userId}`
    : `email:${createHash('sha256').update(person.email.trim().toLowerCase()).digest('hex')}`;
}
