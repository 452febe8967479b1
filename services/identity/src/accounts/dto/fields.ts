import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { normalizeEmail } from '../../common/email';
import { MESSAGES } from '../../common/messages';
import { PASSWORD_MAX_LENGTH } from '../password-policy';

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
export const TOKEN_MAX_LENGTH = 200;
export const PHONE_MAX_LENGTH = 40;
export const STREET_MAX_LENGTH = 200;
export const POSTAL_CODE_MAX_LENGTH = 20;
export const CITY_MAX_LENGTH = 100;

/**
 * A telephone number as people write it: an optional leading `+`, then digits, spaces and `( ) / - .`,
 * with 5 to 20 digits in all (`+49 711 12345-0`, `0711 / 123 456`, `(0711) 12 34 56`). No letters, no
 * extension words: enough for a clerk to call back, nothing more is checked.
 */
export const PHONE_PATTERN = /^(?=(?:\D*\d){5,20}\D*$)\+?[0-9 ()/.-]+$/;
/** A postal code of any country (`73728`, `SW1A 1AA`, `1010`): Latin letters, digits, spaces, hyphens. */
export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

/**
 * A person's name as it goes into official mails' greetings, so it can carry no message of its own:
 * words of letters (any script, with their combining marks) joined by one space, hyphen or apostrophe, or
 * by a dot with an optional space (`J. R.`, `Jr.`); no digits, no `@`, no `:` or `/`, and no dot directly
 * followed by two letters (`example.org`), so neither links, addresses nor telephone numbers fit.
 */
const NAME_SHAPE = /^\p{L}[\p{L}\p{M}]*(?:(?:[ '’-]|\. ?)\p{L}[\p{L}\p{M}]*)*\.?$/u;
const DOMAIN_LIKE = /\.\p{L}{2}/u;

/** A name as stored: trimmed, NFC, every run of white space one space. */
export function normalizeName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Whether `value` (normalised) is acceptable as a given or family name. */
export function isPersonName(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length <= NAME_MAX_LENGTH &&
    NAME_SHAPE.test(value) &&
    !DOMAIN_LIKE.test(value)
  );
}

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
