import { describe, expect, it } from 'vitest';
import {
  checkEmail,
  checkNewPassword,
  checkPassword,
  checkPasswordRepeat,
  checkTotp,
  normaliseTotp,
  passwordRefusal,
} from './credentials';

describe('the checks of log-in, password and TOTP forms', () => {
  it('wants an e-mail address of a plausible shape', () => {
    expect(checkEmail('')).toBe('emailRequired');
    expect(checkEmail('   ')).toBe('emailRequired');
    for (const bad of [
      'erika',
      'erika@',
      '@example.org',
      'erika@example',
      'er ika@example.org',
      'a@b@c.de',
    ]) {
      expect({ bad, key: checkEmail(bad) }).toEqual({ bad, key: 'emailFormat' });
    }
    expect(checkEmail(' Erika.Muster@Example.ORG ')).toBeNull();
    expect(checkEmail('jürgen@müller.de')).toBeNull();
  });

  it('applies identity’s password rules: 10 code points, not the address (the common list stays on the server)', () => {
    expect(checkNewPassword('')).toBe('newPasswordRequired');
    expect(checkNewPassword('kurz-123')).toBe('passwordTooShort');
    // length in code points after NFC, as identity counts: 9 emoji are 9 characters, not 18
    expect(checkNewPassword('😀'.repeat(9))).toBe('passwordTooShort');
    expect(checkNewPassword('😀'.repeat(10))).toBeNull();
    expect(checkNewPassword('x'.repeat(257))).toBe('passwordTooLong');
    expect(checkNewPassword('erika.muster@example.org', 'Erika.Muster@example.org')).toBe('passwordIsEmail');
    expect(checkNewPassword('ERIKA.MUSTERMANN', 'erika.mustermann@example.org')).toBe('passwordIsEmail');
    expect(checkNewPassword('Kerze Fahrrad Nebel', 'erika@example.org')).toBeNull();
  });

  it('compares the repeated password exactly', () => {
    expect(checkPasswordRepeat('', 'Kerze Fahrrad Nebel')).toBe('passwordRepeatRequired');
    expect(checkPasswordRepeat('kerze fahrrad nebel', 'Kerze Fahrrad Nebel')).toBe('passwordRepeatDifferent');
    expect(checkPasswordRepeat('Kerze Fahrrad Nebel', 'Kerze Fahrrad Nebel')).toBeNull();
  });

  it('reads a TOTP code with spaces or a dash, and nothing else', () => {
    expect(normaliseTotp(' 123 456 ')).toBe('123456');
    expect(normaliseTotp('123-456')).toBe('123456');
    expect(normaliseTotp('12345')).toBeNull();
    expect(normaliseTotp('12345a')).toBeNull();
    expect(checkTotp('')).toBe('codeRequired');
    expect(checkTotp('1234567')).toBe('codeFormat');
    expect(checkTotp('123 456')).toBeNull();
  });

  it('explains identity’s password refusals by their code, and leaves others to identity’s sentence', () => {
    const refusal = (code?: string) => ({ field: 'password', message: 'Identity says no.', code });
    expect(passwordRefusal(refusal('password-common'))).toBe('passwordCommon');
    expect(passwordRefusal(refusal('password-too-short'))).toBe('passwordTooShort');
    expect(passwordRefusal(refusal('password-is-email'))).toBe('passwordIsEmail');
    expect(passwordRefusal(refusal('something-new'))).toBeNull();
    expect(passwordRefusal(refusal())).toBeNull();
  });

  it('wants a password at log-in, whatever it is', () => {
    expect(checkPassword('')).toBe('passwordRequired');
    expect(checkPassword(' ')).toBeNull();
  });
});
