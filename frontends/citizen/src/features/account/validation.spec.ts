import { describe, expect, it } from 'vitest';
import { checkAddress, checkFamilyName, checkGivenName, checkPhone } from './validation';

describe('the profile form’s checks', () => {
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
});
