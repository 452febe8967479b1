import { STAFF_ROLES, type Role, type Scope } from '@buergeramt/contracts';
import type { AuthUser } from './auth-user';

/**
 * Whether someone with `roles` may act as `required`. Staff roles are ordered clerk < supervisor < admin,
 * so `hasRoleAtLeast(['admin'], 'clerk')` is true. `citizen` is outside that order: only a citizen is one.
 */
export function hasRoleAtLeast(roles: readonly Role[], required: Role): boolean {
  const requiredRank = STAFF_ROLES.indexOf(required);
  if (requiredRank === -1) return roles.includes(required);
  return roles.some((role) => STAFF_ROLES.indexOf(role) >= requiredRank);
}

/** Whether a person (not a machine client) holds one of `required`, with staff roles ranked. */
export function userHasAnyRole(user: AuthUser, required: readonly Role[]): boolean {
  return user.kind === 'user' && required.some((role) => hasRoleAtLeast(user.roles, role));
}

/**
 * Whether the caller is a person with a staff role of at least `role` (clerk < supervisor < admin, so
 * every staff member by default); a machine client never is. The platform's one staff check.
 */
export function isStaff(
  user: AuthUser | undefined,
  role: Role = 'clerk',
): user is AuthUser & { kind: 'user' } {
  return user?.kind === 'user' && hasRoleAtLeast(user.roles, role);
}

/** Whether a machine client (not a person) holds every one of `required`. */
export function clientHasAllScopes(user: AuthUser, required: readonly Scope[]): boolean {
  return user.kind === 'client' && required.every((scope) => user.scopes.includes(scope));
}
