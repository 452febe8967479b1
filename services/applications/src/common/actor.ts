import { highestStaffRole, type Role } from '@buergeramt/contracts';
import { actorRole, type AuthUser, clientHasAllScopes } from '@buergeramt/platform';

/** What an actor is, for the timeline and messages: the audit log's `actorRole` (platform), one rule. */
export function actorRoleOf(user: AuthUser | 'system'): string {
  return actorRole(user) ?? 'citizen';
}

export function isClientWith(user: AuthUser, scope: 'applications:read' | 'applications:write'): boolean {
  return clientHasAllScopes(user, [scope]);
}

/** The staff role recorded as `decidedByRole` (a machine client's decision counts as the clerk's office). */
export function decidingRole(user: AuthUser): Role {
  if (user.kind === 'client') return 'clerk';
  return highestStaffRole(user.roles) ?? 'clerk';
}
