import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, Problems, requestIdOf } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityProblem } from '../common/identity.errors';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto, RefreshDto } from './dto/auth.dto';
import { RefreshCookie } from './refresh-cookie';
import { MESSAGES } from '../common/messages';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: RefreshCookie,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with e-mail and password (and TOTP code); sets the refresh cookie',
    description:
      'After 5 failed attempts for an address within 15 minutes the address is locked for 15 minutes (429 with Retry-After). An attempt counts from before its password is checked: beyond 5 at once, the others get 429 unchecked.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @Problems(
    [401, 'invalid-credentials', 'mfa-required'],
    [403, 'email-not-verified', 'mfa-enrollment-required (with enrollmentToken)', 'account-disabled'],
    [422, 'validation-failed'],
    [429, 'account-locked'],
  )
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const session = await this.auth.login(dto, requestIdOf(request));
    this.cookie.set(reply, session.refresh.token, session.refresh.expiresAt);
    return session.response;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiCookieAuth()
  @ApiBody({ type: RefreshDto, required: false })
  @ApiOperation({
    summary: 'A new access token for the refresh cookie (or body refreshToken); rotates the refresh token',
    description: 'An already used refresh token answers 401 and ends every session of its family.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @Problems([401, 'invalid-refresh-token'], [422, 'validation-failed'])
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const token = dto.refreshToken ?? this.cookie.read(request);
    if (!token) throw new IdentityProblem('invalid-refresh-token', MESSAGES.noSession);
    try {
      const session = await this.auth.refresh(token);
      this.cookie.set(reply, session.refresh.token, session.refresh.expiresAt);
      return session.response;
    } catch (error) {
      if (error instanceof IdentityProblem) this.cookie.clear(reply);
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiBody({ type: RefreshDto, required: false })
  @ApiOperation({ summary: 'Ends the session: revokes the refresh token (its family) and clears the cookie' })
  @ApiNoContentResponse({
    description:
      'no body; the refresh token of the cookie (or the body) and its family are revoked and the cookie is cleared — also when there was no session',
  })
  @Problems([422, 'validation-failed'])
  async logout(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = dto.refreshToken ?? this.cookie.read(request);
    if (token) await this.auth.logout(token);
    this.cookie.clear(reply);
  }
}
