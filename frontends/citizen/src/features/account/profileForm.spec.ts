import { describe, expect, it } from 'vitest';
import type { Profile } from './api';
import { profileChanges, profileForm, sameForm } from './profileForm';
import { accountLabel, groupSecret, qrCodeDataUrl } from '@buergeramt/ui';

const profile: Profile = {
  id: '019a0000-0000-7000-8000-0000000000c1',
  email: 'erika@example.org',
  emailVerified: true,
  givenName: 'Erika',
  familyName: 'Mustermann',
  locale: 'de',
  roles: ['citizen'],
  mfaEnabled: false,
  federatedProviders: [],
  phone: null,
  address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen' },
  createdAt: '2026-12-01T10:00:00.000Z',
};

describe('the profile form', () => {
  it('fills from the profile and sends trimmed values; empty phone and address become null (removed)', () => {
    const form = profileForm(profile);
    expect(form).toEqual({
      givenName: 'Erika',
      familyName: 'Mustermann',
      phone: '',
      street: 'Rathausplatz 2',
      postalCode: '73728',
      city: 'Esslingen',
      locale: 'de',
    });
    expect(sameForm(form, profileForm(profile))).toBe(true);
    const typed = {
      ...form,
      givenName: ' Erika Maria ',
      phone: ' 0711 1234567 ',
      street: '',
      postalCode: '',
      city: ' ',
    };
    expect(sameForm(typed, form)).toBe(false);
    expect(profileChanges(typed)).toEqual({
      givenName: 'Erika Maria',
      familyName: 'Mustermann',
      phone: '0711 1234567',
      address: null,
      locale: 'de',
    });
    expect(profileChanges({ ...form, phone: '  ' })).toMatchObject({
      phone: null,
      address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen' },
    });
  });
});

describe('the TOTP set-up helpers', () => {
  const url =
    'otpauth://totp/Digitales%20B%C3%BCrgeramt:erika%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Digitales%20B%C3%BCrgeramt';

  it('groups the secret in fours for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('jbswy3dpehpk3pxpab==')).toBe('JBSW Y3DP EHPK 3PXP AB');
  });

  it('names the account of the QR code for its text alternative', () => {
    expect(accountLabel(url)).toBe('Digitales Bürgeramt (erika@example.org)');
    expect(accountLabel('not a url')).toBe('');
  });

  it('makes the QR code as an SVG data URL (no markup goes into the page)', async () => {
    const src = await qrCodeDataUrl(url);
    expect(src.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(src.split(',')[1] ?? '')).toContain('<svg');
  });
});
