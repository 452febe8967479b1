import { Body, Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import { type AuthUser, CurrentUser, Roles, Problems, requestIdOf } from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { TotpConfirmDto, TotpDisableDto, TotpSetupDto } from './dto/mfa.dto';
import { MfaService, type TotpSetup } from './mfa.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/mfa/totp')
@Roles(Role.Citizen, Role.Clerk)
@Problems([401, 'unauthorized'], [403, 'forbidden (machine clients)'])
export class MyTotpController {
  constructor(private readonly mfa: MfaService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start setting up TOTP: a secret for an authenticator app' })
  @ApiOkResponse({ type: TotpSetupDto })
  @Problems([409, 'mfa-already-enabled'])
  start(@CurrentUser() user: AuthUser): Promise<TotpSetup> {
    return this.mfa.startForUser(user.id);
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Switch TOTP on with a first code; logins then need `totp`' })
  @ApiNoContentResponse()
  @Problems([409, 'mfa-already-enabled', 'mfa-not-started'], [422, 'validation-failed (a wrong code)'])
  async confirm(@CurrentUser() user: AuthUser, @Body() dto: TotpConfirmDto): Promise<void> {
    await this.mfa.confirmForUser(user.id, dto.code);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Switch TOTP off with a current code (citizens; staff must keep it while MFA is required)',
    description:
      'The body `{code}` must hold the current code of the authenticator app; a wrong code is 422 on `code` and counts as a failed login of the account (lockout: 429 account-locked). Without TOTP switched on, the code is not checked and a pending set-up is dropped.',
  })
  @ApiNoContentResponse()
  @Problems([409, 'mfa-mandatory'], [422, 'validation-failed (a wrong code)'], [429, 'account-locked'])
  async disable(
    @CurrentUser() user: AuthUser,
    @Body() dto: TotpDisableDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.mfa.disableForUser(user.id, dto.code, requestIdOf(request));
  }
}
