import { type Role, STAFF_ROLES } from '@buergeramt/contracts';
import type { SessionUser } from '@buergeramt/api-client';

/** The staff roles, from the least to the most powerful; each includes what the ones before it may do. */
export type StaffRole = Exclude<Role, 'citizen'>;

/** The most powerful staff role a person has (the one the header names), or null for a resident. */
export function highestRole(user: Pick<SessionUser, 'roles'> | null | undefined): StaffRole | null {
  const ranks = (user?.roles ?? []).map((role) => STAFF_ROLES.indexOf(role)).filter((rank) => rank >= 0);
  return ranks.length > 0 ? (STAFF_ROLES[Math.max(...ranks)] as StaffRole) : null;
}

/** Whether the person may do what `role` may (a supervisor may all a clerk may, an admin all). */
export function hasRoleAtLeast(
  user: Pick<SessionUser, 'roles'> | null | undefined,
  role: StaffRole,
): boolean {
  const highest = highestRole(user);
  return highest !== null && STAFF_ROLES.indexOf(highest) >= STAFF_ROLES.indexOf(role);
}

/**
 * Where the person works: their `locationIds` as identity states them (in the session), or null for every
 * location (supervisors and admins, and clerks without assigned locations). The API refuses the others
 * (403 location-not-assigned), so the app offers only these.
 */
export function workLocations(
  user: Pick<SessionUser, 'locationIds'> | null | undefined,
): readonly string[] | null {
  return user?.locationIds && user.locationIds.length > 0 ? user.locationIds : null;
}

/** Keeps the items (locations) the person works at. */
export function ofWorkLocations<T extends { id: string }>(
  user: Pick<SessionUser, 'locationIds'> | null | undefined,
  items: readonly T[],
): T[] {
  const allowed = workLocations(user);
  return allowed ? items.filter((item) => allowed.includes(item.id)) : [...items];
}
