import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Problems, requestIdOf } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EnrollConfirmDto, EnrollDto, TotpSetupDto } from '../mfa/dto/mfa.dto';
import { MfaService, type TotpSetup } from '../mfa/mfa.service';
import { AuthService } from './auth.service';
import { LoginResponseDto } from './dto/auth.dto';
import { RefreshCookie } from './refresh-cookie';

/**
 * The TOTP enrollment of staff during log-in (after 403 `mfa-enrollment-required`). It lives with log-in
 * because its confirmation can end in a session: the person has just proven password and second factor,
 * and identity accepts each TOTP time step once, so a log-in right after it would wait for the next code.
 */
@ApiTags('auth')
@Controller('auth/mfa/enroll')
export class MfaEnrollmentController {
  constructor(
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
    private readonly cookie: RefreshCookie,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff in enrollment: a TOTP secret to add to an authenticator app' })
  @ApiOkResponse({ type: TotpSetupDto })
  @Problems([400, 'invalid-token'], [422, 'validation-failed'])
  enroll(@Body() dto: EnrollDto): Promise<TotpSetup> {
    return this.mfa.startWithEnrollmentToken(dto.enrollmentToken);
  }

  @Public()
  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Staff in enrollment: confirm with a first code (with `startSession: true` also logged in)',
    description:
      'Switches TOTP on and uses up the enrollment token. Without `startSession` the answer is 204 and the next login needs `totp`. With `startSession: true` the answer is 200 like `POST /auth/login` (the access token and the refresh cookie): the person has just proven password and second factor.',
  })
  @ApiOkResponse({ type: LoginResponseDto, description: 'with `startSession: true`: logged in' })
  @ApiNoContentResponse({ description: 'without `startSession`: enrolled, not logged in' })
  @Problems([400, 'invalid-token'], [409, 'mfa-not-started'], [422, 'validation-failed (a wrong code)'])
  async confirm(
    @Body() dto: EnrollConfirmDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto | undefined> {
    const user = await this.mfa.confirmWithEnrollmentToken(
      dto.enrollmentToken,
      dto.code,
      requestIdOf(request),
    );
    if (!dto.startSession) return undefined;
    const session = await this.auth.sessionAfterEnrollment(user);
    this.cookie.set(reply, session.refresh.token, session.refresh.expiresAt);
    void reply.status(200);
    return session.response;
  }
}
