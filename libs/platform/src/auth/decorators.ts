import {
  applyDecorators,
  type CustomDecorator,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ALL_ROLES, ALL_SCOPES, type Role, type Scope } from '@buergeramt/contracts';
import { ApiPublicOperation, markOptionalAuth } from '../openapi/openapi';
import { IS_PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from './auth.constants';
import type { AuthUser } from './auth-user';
import { unauthorized } from './problems';

/**
 * The route (or every route of the controller) needs no token. A token that is sent anyway is still
 * verified: an invalid one is answered with 401, a valid one makes `@CurrentUser({ optional: true })` work.
 * The OpenAPI document says so (`security: []`, see `applyOperationSecurity`).
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiPublicOperation());

/**
 * Only people holding one of `roles` may call the route; staff roles are ranked, so `@Roles('clerk')`
 * admits supervisors and admins too. Combined with `@Scopes`, either condition is enough.
 */
export function Roles(...roles: Role[]): CustomDecorator<string> {
  if (roles.length === 0) throw new Error('@Roles() needs at least one role');
  const unknown = roles.filter((role) => !ALL_ROLES.includes(role));
  if (unknown.length > 0) throw new Error(`@Roles(): unknown role(s) ${unknown.join(', ')}`);
  return SetMetadata(ROLES_KEY, [...roles]);
}

/**
 * Only machine clients holding every one of `scopes` may call the route. Combined with `@Roles`, either
 * condition is enough.
 */
export function Scopes(...scopes: Scope[]): CustomDecorator<string> {
  if (scopes.length === 0) throw new Error('@Scopes() needs at least one scope');
  const unknown = scopes.filter((scope) => !ALL_SCOPES.includes(scope));
  if (unknown.length > 0) throw new Error(`@Scopes(): unknown scope(s) ${unknown.join(', ')}`);
  return SetMetadata(SCOPES_KEY, [...scopes]);
}

export interface CurrentUserOptions {
  /** on `@Public()` routes: `undefined` when no token was sent, instead of a 401 */
  optional?: boolean;
}

/** The request as the auth guards leave it: the verified caller under `user`, if any. */
export interface AuthenticatedRequest {
  user?: AuthUser;
}

export function currentUserFromContext(
  options: CurrentUserOptions | undefined,
  context: ExecutionContext,
): AuthUser | undefined {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (user === undefined && options?.optional !== true) {
    // Only reachable on a @Public() route that forgot `{ optional: true }`: answer as if not logged in.
    throw unauthorized('This request needs an access token.');
  }
  return user;
}

const CurrentUserParam = createParamDecorator<CurrentUserOptions | undefined>(currentUserFromContext);

/**
 * The verified caller. Type the parameter `AuthUser`, or `AuthUser | undefined` with `{ optional: true }`
 * on `@Public()` routes.
 */
export function CurrentUser(options?: CurrentUserOptions): ParameterDecorator {
  const param = CurrentUserParam(options);
  if (options?.optional !== true) return param;
  return (target, key, index) => {
    param(target, key, index);
    // the OpenAPI document offers the bearer token as an option on this (public) route
    markOptionalAuth(target, key);
  };
}
