import { MESSAGING_MIGRATIONS } from '@buergeramt/messaging';
import { DocumentsTables1764600000000 } from './1764600000000-documents-tables';
import { AuditLogTargets1764800000000 } from './1764800000000-audit-log-targets';
import { AuditActorRole1766500000000 } from './1766500000000-audit-actor-role';

/**
 * Every migration of this service, in order. Timestamped, reversible, never rewritten once committed;
 * they run at start under an advisory lock (platform DatabaseModule).
 */
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  DocumentsTables1764600000000,
  AuditLogTargets1764800000000,
  AuditActorRole1766500000000,
];
