import { MESSAGING_MIGRATIONS } from '@buergeramt/messaging';
import { NotificationsTables1764300000000 } from './1764300000000-notifications-tables';
import { MailJobsThroughTheOutbox1766700000001 } from './1766700000001-mail-jobs-through-the-outbox';

/**
 * Every migration of this service, in order. Timestamped, reversible, never rewritten once committed;
 * they run at start under an advisory lock (platform DatabaseModule).
 */
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  NotificationsTables1764300000000,
  MailJobsThroughTheOutbox1766700000001,
];
