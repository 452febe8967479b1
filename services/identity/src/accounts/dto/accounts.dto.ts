import type { Locale, Role } from '@buergeramt/contracts';
import { ApiNullableRef } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MESSAGES } from '../../common/messages';
import {
  CITY_MAX_LENGTH,
  EmailField,
  LocaleField,
  NameField,
  PasswordField,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  POSTAL_CODE_MAX_LENGTH,
  POSTAL_CODE_PATTERN,
  STREET_MAX_LENGTH,
  TokenField,
} from './fields';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

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

/** A postal address for appointments and letters: all three parts, each trimmed and not empty. */
export class PostalAddressDto {
  @ApiProperty({ example: 'Rathausplatz 2', maxLength: STREET_MAX_LENGTH, description: 'street and number' })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(STREET_MAX_LENGTH)
  street!: string;

  @ApiProperty({
    example: '73728',
    maxLength: POSTAL_CODE_MAX_LENGTH,
    pattern: POSTAL_CODE_PATTERN.source,
  })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(POSTAL_CODE_MAX_LENGTH)
  @Matches(POSTAL_CODE_PATTERN, { message: MESSAGES.postalCode.en })
  postalCode!: string;

  @ApiProperty({ example: 'Esslingen am Neckar', maxLength: CITY_MAX_LENGTH })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(CITY_MAX_LENGTH)
  city!: string;
}

export class UpdateProfileDto {
  @NameField('Erika', true)
  givenName?: string;

  @NameField('Mustermann', true)
  familyName?: string;

  @LocaleField()
  locale?: Locale;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: PHONE_MAX_LENGTH,
    pattern: PHONE_PATTERN.source,
    example: '+49 711 3512-0',
    description:
      'telephone number for questions about an appointment or application: an optional leading +, then digits, spaces and ( ) / - . with 5 to 20 digits; null removes it, absent keeps it',
  })
  @IsOptional()
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(PHONE_MAX_LENGTH)
  @Matches(PHONE_PATTERN, { message: MESSAGES.phone.en })
  phone?: string | null;

  @ApiNullableRef(PostalAddressDto, {
    required: false,
    description:
      'postal address for letters: street, postal code and city together (a partial address is refused); null removes it, absent keeps it',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto | null;
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

  @ApiProperty({ type: String, nullable: true, description: 'telephone number; null when none was given' })
  phone!: string | null;

  @ApiNullableRef(PostalAddressDto, { description: 'postal address; null when none was given' })
  address!: PostalAddressDto | null;

  @ApiProperty()
  createdAt!: string;
}
