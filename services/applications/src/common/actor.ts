import { isStaffRole, type Role } from '@buergeramt/contracts';
import { type AuthUser, clientHasAllScopes, hasRoleAtLeast } from '@buergeramt/platform';

/** What an actor is, for the timeline and the audit log: the highest role, or `client`/`system`. */
export function actorRoleOf(user: AuthUser | 'system'): string {
  if (user === 'system') return 'system';
  if (user.kind === 'client') return 'client';
  for (const role of ['admin', 'supervisor', 'clerk'] as const) if (user.roles.includes(role)) return role;
  return user.roles[0] ?? 'citizen';
}

export function isStaff(user: AuthUser): boolean {
  return user.kind === 'user' && user.roles.some((role) => isStaffRole(role));
}

export function isAtLeast(user: AuthUser, role: Role): boolean {
  return user.kind === 'user' && hasRoleAtLeast(user.roles, role);
}

export function isClientWith(user: AuthUser, scope: 'applications:read' | 'applications:write'): boolean {
  return clientHasAllScopes(user, [scope]);
}

/** The staff role recorded as `decidedByRole` (a machine client's decision counts as the clerk's office). */
export function decidingRole(user: AuthUser): Role {
  if (user.kind === 'client') return 'clerk';
  for (const role of ['admin', 'supervisor', 'clerk'] as const) if (user.roles.includes(role)) return role;
  return 'clerk';
}
