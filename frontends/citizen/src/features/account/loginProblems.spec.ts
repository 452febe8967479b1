import { describe, expect, it } from 'vitest';
import { federatedReason } from './loginProblems';

describe('log-in problems', () => {
  it('accepts only the reasons identity gives after a federated log-in', () => {
    expect(federatedReason('state-mismatch')).toBe('state-mismatch');
    expect(federatedReason('staff-account')).toBe('staff-account');
    expect(federatedReason('<script>')).toBe('other');
    expect(federatedReason(['state-mismatch'])).toBe('other');
    expect(federatedReason(undefined)).toBe('other');
  });
});
