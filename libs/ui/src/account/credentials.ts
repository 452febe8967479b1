import { EMAIL_MAX_LENGTH } from '@buergeramt/contracts';
import type { ApiFieldError, ErrorKey } from '../composables/useFormErrors';

/**
 * The checks of log-in, password and TOTP forms in the browser (both apps): the same limits identity
 * applies (services/identity, `accounts/dto/fields.ts` and `password-policy.ts`), so most mistakes are
 * explained before a request. Each returns the key of a message under `ui.errors` (or null when fine);
 * identity's own answer (422 with field errors) still decides, e.g. whether a password is on the
 * common-passwords list.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** a pragmatic shape check: something@something.tld, no spaces (identity checks it precisely) */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

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

export function passwordRefusal(error: ApiFieldError): ErrorKey | null {
  return (error.code && PASSWORD_REFUSALS[error.code]) || null;
}
