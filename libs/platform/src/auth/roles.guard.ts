import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isStaffRole, type Role, type Scope } from '@buergeramt/contracts';
import { ROLES_KEY, SCOPES_KEY } from './auth.constants';
import { clientHasAllScopes, userHasAnyRole } from './access';
import type { AuthenticatedRequest } from './decorators';
import { forbidden } from '../errors/problem';
import { unauthorized } from './problems';

/**
 * Global guard after {@link JwtAuthGuard}: enforces `@Roles` (a person with one of the roles, staff roles
 * ranked) and `@Scopes` (a machine client with all of the scopes); with both, either suffices. Routes with
 * neither only need authentication. Logged in without the role or scope: 403.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const scopes = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, targets);
    if (roles === undefined && scopes === undefined) return true;
    if (context.getType() !== 'http') return false;

    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (user === undefined)
      throw unauthorized('This request needs an access token (Authorization: Bearer …).');

    if (roles !== undefined && userHasAnyRole(user, roles)) return true;
    if (scopes !== undefined && clientHasAllScopes(user, scopes)) return true;
    throw forbidden(describeRequirement(roles, scopes));
  }
}

function describeRequirement(roles: Role[] | undefined, scopes: Scope[] | undefined): string {
  const parts: string[] = [];
  if (roles !== undefined) {
    const ranked = roles.some((role) => isStaffRole(role)) ? ' (or a higher staff role)' : '';
    parts.push(`the role ${roles.join(' or ')}${ranked}`);
  }
  if (scopes !== undefined) parts.push(`a client with the scope(s) ${scopes.join(', ')}`);
  return `This needs ${parts.join(', or ')}.`;
}
