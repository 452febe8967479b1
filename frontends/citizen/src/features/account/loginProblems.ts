import { ApiProblem } from '@buergeramt/api-client';

/** What went wrong at log-in, as the log-in page explains it. */
export type LoginFailure =
  | { kind: 'invalid-credentials' }
  | { kind: 'invalid-code' }
  | { kind: 'email-not-verified' }
  | { kind: 'account-locked'; until: Date | null }
  | { kind: 'account-disabled' }
  | { kind: 'staff' }
  | { kind: 'other'; error: unknown };

/**
 * Until when a locked log-in stays locked: identity's `lockedUntil`, else now + `Retry-After`, else
 * unknown (null).
 */
export function lockedUntil(problem: ApiProblem, now: Date = new Date()): Date | null {
  const stated = problem.body.lockedUntil;
  if (typeof stated === 'string') {
    const at = new Date(stated);
    if (!Number.isNaN(at.getTime())) return at;
  }
  if (problem.retryAfterSeconds !== undefined)
    return new Date(now.getTime() + problem.retryAfterSeconds * 1000);
  return null;
}

/** Sorts a failed log-in (`withCode`: the second step, a TOTP code was sent). */
export function loginFailure(error: unknown, withCode: boolean, now: Date = new Date()): LoginFailure {
  if (!(error instanceof ApiProblem)) return { kind: 'other', error };
  switch (error.type) {
    case 'invalid-credentials':
      return { kind: 'invalid-credentials' };
    case 'mfa-required':
      return withCode ? { kind: 'invalid-code' } : { kind: 'other', error };
    case 'email-not-verified':
      return { kind: 'email-not-verified' };
    case 'account-locked':
      return { kind: 'account-locked', until: lockedUntil(error, now) };
    case 'account-disabled':
      return { kind: 'account-disabled' };
    case 'mfa-enrollment-required':
      return { kind: 'staff' };
    default:
      return { kind: 'other', error };
  }
}

/** Reasons identity gives in `?login=failed&reason=` after a federated log-in. */
export const FEDERATED_REASONS = [
  'state-mismatch',
  'provider-error',
  'provider-refused',
  'token-rejected',
  'provider-unreachable',
  'account-disabled',
  'staff-account',
] as const;

export function federatedReason(value: unknown): (typeof FEDERATED_REASONS)[number] | 'other' {
  return FEDERATED_REASONS.find((reason) => reason === value) ?? 'other';
}
