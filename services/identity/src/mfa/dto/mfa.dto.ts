import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { TokenField, TotpCodeField } from '../../accounts/dto/fields';

export class EnrollDto {
  @TokenField('the enrollmentToken of the 403 mfa-enrollment-required answer')
  enrollmentToken!: string;
}

export class EnrollConfirmDto {
  @TokenField('the enrollmentToken of the 403 mfa-enrollment-required answer')
  enrollmentToken!: string;

  @TotpCodeField()
  code!: string;

  @ApiPropertyOptional({
    description:
      'true: answer 200 like POST /auth/login (access token, refresh cookie) instead of 204, so the person is logged in at once; absent or false: 204',
  })
  @IsOptional()
  @IsBoolean()
  startSession?: boolean;
}

export class TotpConfirmDto {
  @TotpCodeField()
  code!: string;
}

/** DELETE /me/mfa/totp: proof that the person at the keyboard holds the second factor. */
export class TotpDisableDto {
  @TotpCodeField(
    false,
    'the current 6-digit code of the authenticator app (a stolen access token alone cannot switch TOTP off)',
  )
  code!: string;
}

export class TotpSetupDto {
  @ApiProperty({ description: 'base32 secret, for typing into an authenticator app' })
  secret!: string;

  @ApiProperty({ description: 'otpauth:// URI, for a QR code', example: 'otpauth://totp/…' })
  otpauthUrl!: string;
}
