import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from './auth.constants';
import type { AuthenticatedRequest } from './decorators';
import { keysUnavailable, unauthorized } from './problems';
import { bearerToken, JwtStrategy, type RequestWithHeaders } from './jwt.strategy';

/**
 * Global guard (registered by `AuthModule` as APP_GUARD): every route needs a valid access token unless it
 * or its controller is `@Public()`. A token sent to a public route is verified all the same, and an invalid
 * one is a 401 there too, so that clients notice. The verified caller is left in `request.user`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger(JwtAuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic =
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true;
    // Only HTTP carries bearer tokens; other transports are refused unless explicitly public.
    if (context.getType() !== 'http') return isPublic;

    const request = context.switchToHttp().getRequest<RequestWithHeaders & AuthenticatedRequest>();
    request.user = undefined;
    if (bearerToken(request) === null) {
      if (isPublic) return true;
      throw unauthorized('This request needs an access token (Authorization: Bearer …).');
    }

    const outcome = await this.strategy.verifyRequest(request);
    switch (outcome.kind) {
      case 'success':
        request.user = outcome.user;
        return true;
      case 'unavailable':
        throw keysUnavailable();
      case 'fail': {
        const expired = outcome.reason instanceof Error && outcome.reason.name === 'TokenExpiredError';
        this.logger.debug(`access token refused: ${reasonOf(outcome.reason)}`);
        throw unauthorized(expired ? 'The access token has expired.' : 'The access token is not valid.');
      }
    }
  }
}

function reasonOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
