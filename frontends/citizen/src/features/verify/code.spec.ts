import { describe, expect, it } from 'vitest';
import { normalizeVerificationCode } from './code';

describe('normalizeVerificationCode', () => {
  it('reads a code as printed, typed in lower case, without dashes or with spaces', () => {
    expect(normalizeVerificationCode('7K3M-Q9XD-2HFB')).toBe('7K3M-Q9XD-2HFB');
    expect(normalizeVerificationCode('7k3mq9xd2hfb')).toBe('7K3M-Q9XD-2HFB');
    expect(normalizeVerificationCode(' 7K3M Q9XD 2HFB ')).toBe('7K3M-Q9XD-2HFB');
  });

  it('reads I, L and O as the digits they look like (Crockford)', () => {
    expect(normalizeVerificationCode('IL0O-0000-0000')).toBe('1100-0000-0000');
  });

  it('refuses what cannot be a code: too short, too long, U or other signs', () => {
    expect(normalizeVerificationCode('')).toBeNull();
    expect(normalizeVerificationCode('7K3M-Q9XD')).toBeNull();
    expect(normalizeVerificationCode('7K3M-Q9XD-2HFB-1')).toBeNull();
    expect(normalizeVerificationCode('7K3M-Q9XD-2HFU')).toBeNull();
    expect(normalizeVerificationCode('7K3M/Q9XD/2HFB')).toBeNull();
  });
});
