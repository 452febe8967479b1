import { localeFromHeader, localeOf } from './request';

describe('localeOf', () => {
  const of = (value?: string) =>
    localeOf({ headers: value === undefined ? {} : { 'accept-language': value } });

  it('is German unless English is preferred', () => {
    expect(of()).toBe('de');
    expect(of('fr-FR')).toBe('de');
    expect(of('en-GB,en;q=0.9')).toBe('en');
    expect(of('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(of('fr;q=1,en;q=0.7,de;q=0.5')).toBe('en');
  });

  it('never chooses a language weighted q=0 (not acceptable)', () => {
    expect(of('en;q=0')).toBe('de');
    expect(of('en;q=0, de;q=0')).toBe('de');
    expect(of('de;q=0, en;q=0.1')).toBe('en');
  });
});

describe('localeFromHeader', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['fr-FR', null],
    ['en', 'en'],
    [['fr', 'en'], 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['fr;q=1, en-GB;q=0.8, de;q=0.7', 'en'],
    ['de;q=0, en;q=0.1', 'en'],
    ['en;q=0', null],
    ['en;q=abc, de;q=0.5', 'en'],
  ])('%j → %s', (header, locale) => {
    expect(localeFromHeader(header)).toBe(locale);
  });
});
