import { MESSAGING_MIGRATIONS } from '@buergeramt/messaging';

/**
 * Every migration of this service, in order. Timestamped, reversible, never rewritten once committed;
 * they run at start under an advisory lock (platform DatabaseModule).
 */
export const migrations = [...MESSAGING_MIGRATIONS];
