import { effectiveLocale } from '../preferences/effective-locale';
import { isDeliverableAddress } from './recipient-resolver';

describe('recipients', () => {
  it.each([
    ['anna@example.org', true],
    ['a.b+c@sub.example.org', true],
    ['user@localhost', true],
    ['a@b.de, evil@example.org', false],
    ['Anna <anna@example.org>', false],
    ['anna@example.org\r\nBcc: x@y.z', false],
    ['no-at-sign', false],
    ['', false],
  ])('%j deliverable: %s', (address, ok) => {
    expect(isDeliverableAddress(address)).toBe(ok);
  });

  it('takes the language from the preferences, else the profile, else German', () => {
    expect(effectiveLocale('en', 'de')).toBe('en');
    expect(effectiveLocale(null, 'en')).toBe('en');
    expect(effectiveLocale(undefined, undefined)).toBe('de');
  });
});
