import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public, Problems } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RefreshCookie } from '../auth/refresh-cookie';
import { parseCookies, serializeCookie } from '../common/cookies';
import { IdentityConfig, oidcLoginRedirectUrl } from '../config';
import { OidcProviderListDto } from './dto/oidc.dto';
import { OidcLoginError, OidcService } from './oidc.service';

const STATE_COOKIE_MAX_AGE_SECONDS = 600;

/** The query of a provider's redirect: strings only, bounded. */
function callbackParams(query: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return params;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (typeof value === 'string' && key.length <= 64 && value.length <= 4096) params[key] = value;
  }
  return params;
}

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly config: IdentityConfig,
    private readonly refreshCookie: RefreshCookie,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The OpenID Connect providers citizens can log in with' })
  @ApiOkResponse({ type: OidcProviderListDto })
  providers(): OidcProviderListDto {
    return { items: this.oidc.providers() };
  }

  @Public()
  @Get(':provider/start')
  @ApiParam({ name: 'provider', description: 'id of a provider from OIDC_PROVIDERS' })
  @ApiOperation({ summary: 'Start a login at the provider (authorization code + PKCE)' })
  @ApiFoundResponse({ description: 'to the provider' })
  @Problems([404, 'unknown-provider'])
  async start(@Param('provider') providerId: string, @Res() reply: FastifyReply): Promise<void> {
    this.oidc.provider(providerId); // 404 for an unknown provider
    try {
      const { url, state } = await this.oidc.start(providerId);
      void reply.header(
        'set-cookie',
        serializeCookie(this.stateCookieName, state, {
          httpOnly: true,
          secure: this.config.COOKIE_SECURE,
          // Lax: the provider's redirect back is a cross-site top-level navigation
          sameSite: 'lax',
          path: this.stateCookiePath,
          maxAge: STATE_COOKIE_MAX_AGE_SECONDS,
        }),
      );
      void reply.code(302).header('location', url).header('cache-control', 'no-store').send();
    } catch (error) {
      if (!(error instanceof OidcLoginError)) throw error;
      this.redirectToApp(reply, { login: 'failed', reason: error.reason });
    }
  }

  @Public()
  @Get(':provider/callback')
  @ApiParam({ name: 'provider', description: 'id of a provider from OIDC_PROVIDERS' })
  @ApiOperation({
    summary: 'The provider sends the browser back here; it goes on to the citizen app, logged in',
    description:
      'On success the refresh cookie is set and the app is reached with ?login=success (it then calls /auth/refresh); on failure with ?login=failed&reason=….',
  })
  @ApiFoundResponse({ description: 'to the citizen app' })
  @Problems([404, 'unknown-provider'])
  async callback(
    @Param('provider') providerId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.oidc.provider(providerId);
    const cookies = parseCookies(request.headers.cookie);
    void reply.header(
      'set-cookie',
      serializeCookie(this.stateCookieName, '', {
        httpOnly: true,
        secure: this.config.COOKIE_SECURE,
        sameSite: 'lax',
        path: this.stateCookiePath,
        expires: new Date(0),
      }),
    );
    try {
      const session = await this.oidc.callback(
        providerId,
        callbackParams(request.query),
        cookies[this.stateCookieName],
      );
      this.refreshCookie.set(reply, session.refresh.token, session.refresh.expiresAt);
      this.redirectToApp(reply, { login: 'success' });
    } catch (error) {
      if (!(error instanceof OidcLoginError)) throw error;
      this.redirectToApp(reply, { login: 'failed', reason: error.reason });
    }
  }

  private get stateCookieName(): string {
    return `${this.config.REFRESH_COOKIE_NAME}_oidc`;
  }

  private get stateCookiePath(): string {
    return `${this.config.REFRESH_COOKIE_PATH.replace(/\/$/, '')}/oidc`;
  }

  private redirectToApp(reply: FastifyReply, query: Record<string, string>): void {
    const url = new URL(oidcLoginRedirectUrl(this.config));
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    void reply.code(302).header('location', url.toString()).header('cache-control', 'no-store').send();
  }
}
