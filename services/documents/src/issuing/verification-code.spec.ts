import { newVerificationCode, normalizeVerificationCode } from './verification-code';

describe('verification codes', () => {
  it('are 12 Crockford base32 characters in groups of four, different every time', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newVerificationCode()));
    expect(codes.size).toBe(500);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('are normalised when typed', () => {
    expect(normalizeVerificationCode('7k3m q9xd 2hfb')).toBe('7K3M-Q9XD-2HFB');
    expect(normalizeVerificationCode('OIL0-0000-0000')).toBe('0110-0000-0000');
    expect(normalizeVerificationCode('too-short')).toBeNull();
    expect(normalizeVerificationCode('UUUU-UUUU-UUUU')).toBeNull();
  });
});
