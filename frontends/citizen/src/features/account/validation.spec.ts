import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  checkEmail,
  checkFamilyName,
  checkGivenName,
  checkNewPassword,
  checkPasswordRepeat,
  checkPhone,
  checkTotp,
  normaliseTotp,
  passwordRefusal,
} from './validation';

describe('the account forms’ checks', () => {
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

  it('needs both names, up to 100 characters', () => {
    expect(checkGivenName(' ')).toBe('givenNameRequired');
    expect(checkFamilyName('')).toBe('familyNameRequired');
    expect(checkGivenName('x'.repeat(101))).toBe('givenNameTooLong');
    expect(checkFamilyName('von und zu Mustermann')).toBeNull();
  });

  it('takes phone numbers as people write them, and none at all', () => {
    for (const good of [
      '',
      '0711 1234567',
      '+49 711 3512-0',
      '(0711) 35 12 0',
      '0711/3512-0',
      '0151.23456789',
    ]) {
      expect({ good, key: checkPhone(good) }).toEqual({ good, key: null });
    }
    for (const bad of ['call me', '1234', '0711 123456 ext. 5', '49+711123456', `+49 ${'1'.repeat(40)}`]) {
      expect({ bad, key: checkPhone(bad) }).not.toEqual({ bad, key: null });
    }
    expect(checkPhone(`0${' 1'.repeat(20)}`)).toBe('phoneTooLong');
  });

  it('wants an address whole or not at all', () => {
    expect(checkAddress({ street: '', postalCode: ' ', city: '' })).toEqual({});
    expect(checkAddress({ street: 'Rathausplatz 2', postalCode: '', city: '' })).toEqual({
      postalCode: 'postalCodeRequired',
      city: 'cityRequired',
    });
    expect(checkAddress({ street: 'Rathausplatz 2', postalCode: '73728; x', city: 'Esslingen' })).toEqual({
      postalCode: 'postalCodeFormat',
    });
    expect(checkAddress({ street: 'x'.repeat(201), postalCode: 'SW1A 1AA', city: 'x'.repeat(101) })).toEqual({
      street: 'streetTooLong',
      city: 'cityTooLong',
    });
    expect(checkAddress({ street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen' })).toEqual({});
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
});
