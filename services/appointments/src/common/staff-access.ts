import { type AuthUser, hasRoleAtLeast } from '@buergeramt/platform';
import type { Role } from '@buergeramt/contracts';
import { AppointmentsProblem } from './appointments.errors';

/** Whether the caller is staff of at least `role` (clerk < supervisor < admin). */
export function isStaff(user: AuthUser | undefined, role: Role = 'clerk'): user is AuthUser {
  return user?.kind === 'user' && hasRoleAtLeast(user.roles, role);
}

/** Whether staff may work at `locationId`: no `locationIds` in the token means every location. */
export function worksAt(user: AuthUser, locationId: string): boolean {
  return user.locationIds === undefined || user.locationIds.includes(locationId);
}

/** 403 `location-not-assigned` unless the staff member works at the location. */
export function assertWorksAt(user: AuthUser, locationId: string): void {
  if (!worksAt(user, locationId)) {
    throw new AppointmentsProblem('location-not-assigned');
  }
}
