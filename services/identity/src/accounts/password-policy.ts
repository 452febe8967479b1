import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The common-password list of zxcvbn-ts (`@zxcvbn-ts/language-common`, ~49 000 passwords from breach
 * corpora, maintained upstream), lower-cased for a case-insensitive check.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

/**
 * Why `password` is not acceptable, or null when it is. Length counts Unicode code points after NFC;
 * there are no composition rules (NIST SP 800-63B): length and not being a well-known password matter.
 */
export function passwordProblem(password: string, context: { email?: string | null } = {}): string | null {
  const normalized = password.normalize('NFC');
  if ([...normalized].length < PASSWORD_MIN_LENGTH) {
    return `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  if (COMMON_PASSWORDS.has(normalized.toLowerCase())) {
    return 'This password is on a list of commonly used passwords that attackers try first. Please choose another.';
  }
  const local = context.email?.split('@')[0];
  if (local && local.length >= 4 && normalized.toLowerCase() === local.toLowerCase()) {
    return 'The password must not be your e-mail address.';
  }
  if (context.email && normalized.toLowerCase() === context.email.toLowerCase()) {
    return 'The password must not be your e-mail address.';
  }
  return null;
}
