import { acceptTotp, generateTotpSecret, totpCode, totpUri } from './totp';

describe('TOTP', () => {
  const secret = generateTotpSecret();
  const now = Date.UTC(2030, 0, 1, 12, 0, 0);

  it('accepts the current code and one step of drift, once', () => {
    const step = acceptTotp(secret, totpCode(secret, now), null, now);
    expect(step).toBe(Math.floor(now / 30000));
    expect(acceptTotp(secret, totpCode(secret, now - 30000), null, now)).toBe(step! - 1);
    expect(acceptTotp(secret, totpCode(secret, now), step, now)).toBeNull();
  });

  it('refuses old codes, wrong codes and non-digits', () => {
    expect(acceptTotp(secret, totpCode(secret, now - 120000), null, now)).toBeNull();
    const wrong = String((Number(totpCode(secret, now)) + 1) % 1000000).padStart(6, '0');
    expect(acceptTotp(secret, wrong, null, now)).toBeNull();
    expect(acceptTotp(secret, 'abcdef', null, now)).toBeNull();
  });

  it('builds an otpauth URI for authenticator apps', () => {
    expect(totpUri(secret, 'a@example.org', 'Digitales Bürgeramt')).toMatch(
      new RegExp(`^otpauth://totp/.*a%40example\\.org\\?.*secret=${secret}`),
    );
  });
});
