/** Roles of people. A machine client has no role, only scopes. */
export const Role = {
  Citizen: 'citizen',
  Clerk: 'clerk',
  Supervisor: 'supervisor',
  Admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Staff roles in ascending order of power: each includes what the ones before it may do. */
export const STAFF_ROLES: readonly Role[] = [Role.Clerk, Role.Supervisor, Role.Admin];

export function isStaffRole(role: string): boolean {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

const STAFF_ROLES_DESCENDING = [...STAFF_ROLES].reverse();

/** The highest staff role among `roles` (admin > supervisor > clerk), if any. */
export function highestStaffRole(roles: readonly string[]): Role | undefined {
  return STAFF_ROLES_DESCENDING.find((role) => roles.includes(role));
}

/** Whether an account with `roles` is staff (any staff role); for callers of a request see `isStaff` (platform). */
export function hasStaffRole(roles: readonly string[]): boolean {
  return roles.some(isStaffRole);
}

/** Scopes of OAuth machine clients (client credentials). */
export const Scope = {
  CatalogueRead: 'catalogue:read',
  AppointmentsRead: 'appointments:read',
  ApplicationsRead: 'applications:read',
  ApplicationsWrite: 'applications:write',
  /**
   * a location's ticket kiosk: draws walk-in tickets and checks in appointments, only at the locations an
   * admin registered the client for (appointments: /admin/locations/{id}/kiosks)
   */
  TicketsWrite: 'tickets:write',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];
export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);

/** The claims every service reads from an access token issued by identity. */
export interface AccessTokenClaims {
  /** user id, or the client id for machine clients */
  sub: string;
  /** 'user' for people, 'client' for machine clients */
  typ: 'user' | 'client';
  roles?: Role[];
  /** space separated, as RFC 8693 / RFC 9068 */
  scope?: string;
  /** location ids a clerk or supervisor works at; absent means all (admins) */
  locationIds?: string[];
  email?: string;
  iss: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti?: string;
}
