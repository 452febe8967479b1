import type { LoginFailure as IdentityLoginFailure } from '@buergeramt/api-client';

/**
 * What went wrong at log-in, as the log-in page explains it: identity's refusals (`loginFailure` of the
 * API client), or a staff account, whose place is the back office.
 */
export type LoginFailure = IdentityLoginFailure | { kind: 'staff' };

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
