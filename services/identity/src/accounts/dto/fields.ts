import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { normalizeEmail } from '../../common/email';
import { MESSAGES } from '../../common/messages';
import { PASSWORD_MAX_LENGTH } from '../password-policy';
import { EMAIL_MAX_LENGTH, isPersonName, NAME_MAX_LENGTH, normalizeName } from '@buergeramt/contracts';

export {
  CITY_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  isPersonName,
  NAME_MAX_LENGTH,
  normalizeName,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  POSTAL_CODE_MAX_LENGTH,
  POSTAL_CODE_PATTERN,
  STREET_MAX_LENGTH,
} from '@buergeramt/contracts';
export const TOKEN_MAX_LENGTH = 200;

/** An e-mail address, normalised (trim, NFC, lower case) before it is validated. */
export function EmailField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'erika.mustermann@example.org', maxLength: EMAIL_MAX_LENGTH, format: 'email' }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value)),
    IsString(),
    MaxLength(EMAIL_MAX_LENGTH),
    IsEmail({ allow_utf8_local_part: true }, { message: MESSAGES.email.en }),
  );
}

/** A new password: its rules (length, common passwords) are checked by the password policy. */
export function PasswordField(
  description = 'at least 10 characters, not a commonly used password',
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, minLength: 10, maxLength: PASSWORD_MAX_LENGTH, format: 'password' }),
    IsString(),
    IsNotEmpty(),
    MaxLength(PASSWORD_MAX_LENGTH),
  );
}

/** A given or family name: normalised (`normalizeName`), then it must be a name (`isPersonName`). */
export function NameField(example: string, optional = false): PropertyDecorator {
  const options = {
    example,
    maxLength: NAME_MAX_LENGTH,
    description: 'letters, spaces, hyphens, apostrophes and dots (no digits, links or @)',
  };
  return applyDecorators(
    optional ? ApiPropertyOptional(options) : ApiProperty(options),
    ...(optional ? [IsOptional()] : []),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeName(value) : value)),
    IsString(),
    MaxLength(NAME_MAX_LENGTH),
    IsNotEmpty(),
    ValidateBy({ name: 'personName', validator: { validate: isPersonName } }, { message: MESSAGES.name.en }),
  );
}

export function LocaleField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: ['de', 'en'],
      description: 'language of mails; default from Accept-Language',
    }),
    IsOptional(),
    IsIn(['de', 'en']),
  );
}

export function TokenField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, maxLength: TOKEN_MAX_LENGTH }),
    IsString(),
    IsNotEmpty(),
    MaxLength(TOKEN_MAX_LENGTH),
  );
}

export function TotpCodeField(optional = false, description = '6-digit TOTP code'): PropertyDecorator {
  const options = { description, example: '123456', maxLength: 10 };
  return applyDecorators(
    optional ? ApiPropertyOptional(options) : ApiProperty(options),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    MaxLength(10),
  );
}
