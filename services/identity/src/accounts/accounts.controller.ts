import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  Public,
  Roles,
  Problems,
  localeOf,
  requestIdOf,
} from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { AccountsService } from './accounts.service';
import {
  ForgotPasswordDto,
  ProfileDto,
  RegisterDto,
  ResetPasswordDto,
  UpdateProfileDto,
  VerifyEmailDto,
} from './dto/accounts.dto';

@ApiTags('auth')
@Controller('auth')
export class RegistrationController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Register as a citizen; a verification mail follows',
    description:
      'Always 202, whether the address is new or not (no account enumeration): a known address gets a mail saying it already has an account.',
  })
  @ApiAcceptedResponse({ description: 'a mail is on its way' })
  @Problems([422, 'validation-failed (including a password that is too short or too common)'])
  async register(@Body() dto: RegisterDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.register(dto, localeOf(request), requestIdOf(request));
  }

  @Public()
  @Post('verify-email')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Confirm the e-mail address with the token from the mail; the account can then log in',
  })
  @ApiNoContentResponse()
  @Problems([400, 'invalid-token'], [422, 'validation-failed'])
  async verifyEmail(@Body() dto: VerifyEmailDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.verifyEmail(dto.token, requestIdOf(request));
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a password reset mail; always 202' })
  @ApiAcceptedResponse()
  @Problems([422, 'validation-failed'])
  async forgot(@Body() dto: ForgotPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.forgotPassword(dto.email, requestIdOf(request));
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Set a new password with the token of a reset or invitation mail; ends every session of the account',
  })
  @ApiNoContentResponse()
  @Problems([400, 'invalid-token'], [422, 'validation-failed'])
  async reset(@Body() dto: ResetPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.resetPassword(dto.token, dto.password, requestIdOf(request));
  }
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
@Roles(Role.Citizen, Role.Clerk)
@Problems([401, 'unauthorized'], [403, 'forbidden (machine clients)'])
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'My profile' })
  @ApiOkResponse({ type: ProfileDto })
  profile(@CurrentUser() user: AuthUser): Promise<ProfileDto> {
    return this.accounts.profile(user.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change my names or language' })
  @ApiOkResponse({ type: ProfileDto })
  @Problems([422, 'validation-failed'])
  update(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateProfileDto,
    @Req() request: FastifyRequest,
  ): Promise<ProfileDto> {
    return this.accounts.updateProfile(user.id, dto, requestIdOf(request));
  }

  @Delete()
  @Roles(Role.Citizen)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete my account; every service erases or anonymises my data (identity.account-deleted)',
  })
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.deleteAccount(user.id, requestIdOf(request));
  }
}
