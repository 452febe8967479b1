import { codePoints, isEmailLike, PASSWORD_MIN_LENGTH } from './credentials';

export type RuleState = 'met' | 'unmet' | 'unknown';

export interface PasswordRuleStates {
  length: RuleState;
  notEmail: RuleState;
  /** characters still missing for the minimum length */
  missing: number;
}

/**
 * Which of identity's password rules the typed password meets so far; nothing typed: unknown. Whether
 * it is on the list of common passwords only identity knows (the list is too big for the browser).
 */
export function passwordRuleStates(password: string, email = ''): PasswordRuleStates {
  if (!password) return { length: 'unknown', notEmail: 'unknown', missing: PASSWORD_MIN_LENGTH };
  const length = codePoints(password);
  return {
    length: length >= PASSWORD_MIN_LENGTH ? 'met' : 'unmet',
    notEmail: !email.trim() ? 'unknown' : isEmailLike(password, email) ? 'unmet' : 'met',
    missing: Math.max(0, PASSWORD_MIN_LENGTH - length),
  };
}
