import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import { federatedReason, lockedUntil, loginFailure } from './loginProblems';

const problem = (type: string, status: number, extra: Record<string, unknown> = {}, retryAfter?: number) =>
  new ApiProblem({ type, title: type, status, ...extra }, retryAfter);

describe('log-in problems', () => {
  const now = new Date('2026-12-06T13:00:00.000Z');

  it('knows until when a lock holds: lockedUntil, else Retry-After, else not', () => {
    expect(
      lockedUntil(problem('account-locked', 429, { lockedUntil: '2026-12-06T13:15:00.000Z' }, 900), now),
    ).toEqual(new Date('2026-12-06T13:15:00.000Z'));
    expect(lockedUntil(problem('account-locked', 429, {}, 600), now)).toEqual(
      new Date('2026-12-06T13:10:00.000Z'),
    );
    expect(lockedUntil(problem('account-locked', 429, { lockedUntil: 'kaputt' }), now)).toBeNull();
  });

  it('sorts each answer of identity into what the page says', () => {
    expect(loginFailure(problem('invalid-credentials', 401), false)).toEqual({ kind: 'invalid-credentials' });
    expect(loginFailure(problem('mfa-required', 401, { reason: 'invalid-code' }), true)).toEqual({
      kind: 'invalid-code',
    });
    expect(loginFailure(problem('email-not-verified', 403), false)).toEqual({ kind: 'email-not-verified' });
    expect(loginFailure(problem('account-disabled', 403), false)).toEqual({ kind: 'account-disabled' });
    expect(loginFailure(problem('mfa-enrollment-required', 403), false)).toEqual({ kind: 'staff' });
    expect(loginFailure(problem('account-locked', 429, {}, 60), false, now)).toEqual({
      kind: 'account-locked',
      until: new Date('2026-12-06T13:01:00.000Z'),
    });
    const network = ApiProblem.network(new TypeError('offline'));
    expect(loginFailure(network, false)).toEqual({ kind: 'other', error: network });
    expect(loginFailure(new Error('x'), false).kind).toBe('other');
  });

  it('accepts only the reasons identity gives after a federated log-in', () => {
    expect(federatedReason('state-mismatch')).toBe('state-mismatch');
    expect(federatedReason('staff-account')).toBe('staff-account');
    expect(federatedReason('<script>')).toBe('other');
    expect(federatedReason(['state-mismatch'])).toBe('other');
    expect(federatedReason(undefined)).toBe('other');
  });
});
