import type { AuthUser } from '@buergeramt/platform';
import { AppointmentsProblem } from './appointments.errors';

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
