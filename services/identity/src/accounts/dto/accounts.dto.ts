import type { Locale, Role } from '@buergeramt/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EmailField, LocaleField, NameField, PasswordField, TokenField } from './fields';

export class RegisterDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;

  @NameField('Erika')
  givenName!: string;

  @NameField('Mustermann')
  familyName!: string;

  @LocaleField()
  locale?: Locale;
}

export class VerifyEmailDto {
  @TokenField('the token from the verification link')
  token!: string;
}

export class ForgotPasswordDto {
  @EmailField()
  email!: string;
}

export class ResetPasswordDto {
  @TokenField('the token from the reset or invitation link')
  token!: string;

  @PasswordField()
  password!: string;
}

export class UpdateProfileDto {
  @NameField('Erika', true)
  givenName?: string;

  @NameField('Mustermann', true)
  familyName?: string;

  @LocaleField()
  locale?: Locale;
}

export class ProfileDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ nullable: true, type: String, description: 'null for a federated account without one' })
  email!: string | null;

  @ApiProperty()
  emailVerified!: boolean;

  @ApiProperty()
  givenName!: string;

  @ApiProperty()
  familyName!: string;

  @ApiProperty({ enum: ['de', 'en'] })
  locale!: Locale;

  @ApiProperty({ enum: ['citizen', 'clerk', 'supervisor', 'admin'], isArray: true })
  roles!: Role[];

  @ApiPropertyOptional({
    type: [String],
    description: 'locations of a clerk or supervisor; absent means all',
  })
  locationIds?: string[];

  @ApiProperty({ description: 'TOTP is set up' })
  mfaEnabled!: boolean;

  @ApiProperty({ type: [String], description: 'OpenID Connect providers linked to the account' })
  federatedProviders!: string[];

  @ApiProperty()
  createdAt!: string;
}
