import { ALL_ROLES, ALL_SCOPES, type AccessTokenClaims, type Role, type Scope } from '@buergeramt/contracts';

/** Who is calling, as the guards and `@CurrentUser()` see it. Built from verified {@link AccessTokenClaims}. */
export interface AuthUser {
  /** the user id (`sub`), or the client id for machine clients */
  id: string;
  /** `user` for people, `client` for machine clients (client credentials) */
  kind: 'user' | 'client';
  /** the person's roles; always empty for machine clients */
  roles: readonly Role[];
  /** the scopes granted (known scopes only); guards honour them for machine clients only */
  scopes: readonly Scope[];
  /** locations a clerk or supervisor works at; absent means all (admins) */
  locationIds?: readonly string[];
  email?: string;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Maps the payload of a token whose signature, issuer, audience and expiry were already verified to an
 * {@link AuthUser}. Returns `null` (the token is refused) when the claims do not have the shape identity
 * issues: a token lacking `exp`, `sub` or `typ` is never accepted, whoever signed it.
 */
export function toAuthUser(payload: unknown): AuthUser | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const claims = payload as Partial<Record<keyof AccessTokenClaims, unknown>>;
  if (typeof claims.sub !== 'string' || claims.sub === '') return null;
  if (claims.typ !== 'user' && claims.typ !== 'client') return null;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return null;
  if (claims.roles !== undefined && !isStringArray(claims.roles)) return null;
  if (claims.scope !== undefined && typeof claims.scope !== 'string') return null;
  if (claims.locationIds !== undefined && !isStringArray(claims.locationIds)) return null;
  if (claims.email !== undefined && typeof claims.email !== 'string') return null;

  const kind = claims.typ;
  const roles =
    kind === 'user'
      ? (claims.roles ?? []).filter((role): role is Role => (ALL_ROLES as readonly string[]).includes(role))
      : [];
  const scopes = (claims.scope ?? '')
    .split(' ')
    .filter((scope): scope is Scope => (ALL_SCOPES as readonly string[]).includes(scope));

  const user: AuthUser = { id: claims.sub, kind, roles: [...new Set(roles)], scopes: [...new Set(scopes)] };
  if (claims.locationIds !== undefined) user.locationIds = claims.locationIds;
  if (claims.email !== undefined) user.email = claims.email;
  return user;
}
