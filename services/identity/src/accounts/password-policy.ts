import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldText } from '../common/identity.errors';
import { MESSAGES } from '../common/messages';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The common-password list of zxcvbn-ts (`@zxcvbn-ts/language-common`, ~49 000 passwords from breach
 * corpora, maintained upstream), lower-cased for a case-insensitive check.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

/**
 * Why `password` is not acceptable (a 422 entry for `field`, with a stable `code`: `password-too-short`,
 * `password-common`, `password-is-email`), or null when it is. Length counts Unicode code points after
 * NFC; there are no composition rules (NIST SP 800-63B): length and not being a well-known password matter.
 */
export function passwordProblem(
  password: string,
  context: { email?: string | null } = {},
  field = 'password',
): FieldText | null {
  const normalized = password.normalize('NFC');
  if ([...normalized].length < PASSWORD_MIN_LENGTH) {
    return { field, code: 'password-too-short', text: MESSAGES.passwordTooShort(PASSWORD_MIN_LENGTH) };
  }
  if (COMMON_PASSWORDS.has(normalized.toLowerCase())) {
    return { field, code: 'password-common', text: MESSAGES.passwordCommon };
  }
  const local = context.email?.split('@')[0];
  const lower = normalized.toLowerCase();
  if (
    (local && local.length >= 4 && lower === local.toLowerCase()) ||
    (context.email && lower === context.email.toLowerCase())
  ) {
    return { field, code: 'password-is-email', text: MESSAGES.passwordIsEmail };
  }
  return null;
}
