import type { FieldError } from '@buergeramt/api-client';
import {
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
/**
 * The account forms' checks in the browser: the same limits identity applies (services/identity,
 * `accounts/dto/fields.ts` and `password-policy.ts`), so most mistakes are explained before a request.
 * Each check returns the key of a message under `account.errors` (or null when fine); identity's own
 * answer (422 with field errors) still decides, e.g. whether a password is on the common-passwords list.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export {
  CITY_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  POSTAL_CODE_MAX_LENGTH,
  POSTAL_CODE_PATTERN,
  STREET_MAX_LENGTH,
} from '@buergeramt/contracts';
/** a pragmatic shape check: something@something.tld, no spaces (identity checks it precisely) */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

export type ErrorKey = string;

/** Length as identity counts it: Unicode code points after NFC. */
export function codePoints(value: string): number {
  return [...value.normalize('NFC')].length;
}

export function checkEmail(value: string): ErrorKey | null {
  const email = value.trim();
  if (!email) return 'emailRequired';
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(email)) return 'emailFormat';
  return null;
}

/** Any password (log-in): only that one was typed. */
export function checkPassword(value: string): ErrorKey | null {
  return value ? null : 'passwordRequired';
}

/** A new password: identity's rules that can be checked here (the common-password list stays there). */
export function checkNewPassword(value: string, email?: string): ErrorKey | null {
  if (!value) return 'newPasswordRequired';
  if (codePoints(value) < PASSWORD_MIN_LENGTH) return 'passwordTooShort';
  if (codePoints(value) > PASSWORD_MAX_LENGTH) return 'passwordTooLong';
  return isEmailLike(value, email) ? 'passwordIsEmail' : null;
}

/** The password is the e-mail address or its part before the @ (identity refuses both). */
export function isEmailLike(password: string, email?: string): boolean {
  const normalised = password.normalize('NFC').toLowerCase();
  const address = email?.trim().toLowerCase();
  if (!address) return false;
  const local = address.split('@')[0] ?? '';
  return normalised === address || (local.length >= 4 && normalised === local);
}

export function checkPasswordRepeat(value: string, password: string): ErrorKey | null {
  if (!value) return 'passwordRepeatRequired';
  return value === password ? null : 'passwordRepeatDifferent';
}

/** A given or family name (`field` names the messages: `<field>Required`, `…TooLong`, `…Shape`). */
function checkName(value: string, field: 'givenName' | 'familyName'): ErrorKey | null {
  const name = normalizeName(value);
  if (!name) return `${field}Required`;
  if (name.length > NAME_MAX_LENGTH) return `${field}TooLong`;
  return isPersonName(name) ? null : `${field}Shape`;
}

export function checkGivenName(value: string): ErrorKey | null {
  return checkName(value, 'givenName');
}

export function checkFamilyName(value: string): ErrorKey | null {
  return checkName(value, 'familyName');
}

/** Optional: empty is fine. */
export function checkPhone(value: string): ErrorKey | null {
  const phone = value.trim();
  if (!phone) return null;
  if (phone.length > PHONE_MAX_LENGTH) return 'phoneTooLong';
  return PHONE_PATTERN.test(phone) ? null : 'phoneFormat';
}

export interface AddressInput {
  street: string;
  postalCode: string;
  city: string;
}

/** Optional as a whole; once one part is given, all three are needed. */
export function checkAddress(address: AddressInput): Partial<Record<keyof AddressInput, ErrorKey>> {
  const street = address.street.trim();
  const postalCode = address.postalCode.trim();
  const city = address.city.trim();
  if (!street && !postalCode && !city) return {};
  const errors: Partial<Record<keyof AddressInput, ErrorKey>> = {};
  if (!street) errors.street = 'streetRequired';
  else if (street.length > STREET_MAX_LENGTH) errors.street = 'streetTooLong';
  if (!postalCode) errors.postalCode = 'postalCodeRequired';
  else if (postalCode.length > POSTAL_CODE_MAX_LENGTH || !POSTAL_CODE_PATTERN.test(postalCode)) {
    errors.postalCode = 'postalCodeFormat';
  }
  if (!city) errors.city = 'cityRequired';
  else if (city.length > CITY_MAX_LENGTH) errors.city = 'cityTooLong';
  return errors;
}

/** A TOTP code as typed ("123 456", "123-456"): the six digits, or null. */
export function normaliseTotp(value: string): string | null {
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

export function checkTotp(value: string): ErrorKey | null {
  if (!value.trim()) return 'codeRequired';
  return normaliseTotp(value) ? null : 'codeFormat';
}

/** Our own sentence for identity's password refusals (by their `code`), which explain the rule better. */
const PASSWORD_REFUSALS: Record<string, ErrorKey> = {
  'password-too-short': 'passwordTooShort',
  'password-common': 'passwordCommon',
  'password-is-email': 'passwordIsEmail',
};

export function passwordRefusal(error: FieldError): ErrorKey | null {
  return (error.code && PASSWORD_REFUSALS[error.code]) || null;
}
