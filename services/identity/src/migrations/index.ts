import { MESSAGING_MIGRATIONS } from '@buergeramt/messaging';
import { IdentityTables1764200000000 } from './1764200000000-identity-tables';
import { AuditLog1764200000001 } from './1764200000001-audit-log';
import { ProfileContact1764200000002 } from './1764200000002-profile-contact';
import { ApiClientScopes1764200000003 } from './1764200000003-api-client-scopes';
import { LoginAttempts1764200000004 } from './1764200000004-login-attempts';
import { AddressMails1764200000005 } from './1764200000005-address-mails';
import { AuditActorRole1766500000000 } from './1766500000000-audit-actor-role';

/**
 * Every migration of this service, in order. Timestamped, reversible, never rewritten once committed;
 * they run at start under an advisory lock (platform DatabaseModule).
 */
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  IdentityTables1764200000000,
  AuditLog1764200000001,
  ProfileContact1764200000002,
  ApiClientScopes1764200000003,
  LoginAttempts1764200000004,
  AddressMails1764200000005,
  AuditActorRole1766500000000,
];
