import { type Role, STAFF_ROLES } from '@buergeramt/contracts';
import { type AuthUser, clientHasAllScopes } from '@buergeramt/platform';

/** Staff roles, highest first. */
const STAFF_ROLES_DESCENDING = [...STAFF_ROLES].reverse();

/** The highest staff role among `roles`, if any. */
function highestStaffRole(roles: readonly string[]): Role | undefined {
  return STAFF_ROLES_DESCENDING.find((role) => roles.includes(role));
}

/** What an actor is, for the timeline and the audit log: the highest role, or `client`/`system`. */
export function actorRoleOf(user: AuthUser | 'system'): string {
  if (user === 'system') return 'system';
  if (user.kind === 'client') return 'client';
  return highestStaffRole(user.roles) ?? user.roles[0] ?? 'citizen';
}

export function isClientWith(user: AuthUser, scope: 'applications:read' | 'applications:write'): boolean {
  return clientHasAllScopes(user, [scope]);
}

/** The staff role recorded as `decidedByRole` (a machine client's decision counts as the clerk's office). */
export function decidingRole(user: AuthUser): Role {
  if (user.kind === 'client') return 'clerk';
  return highestStaffRole(user.roles) ?? 'clerk';
}
