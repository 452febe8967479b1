import { localeOf } from './request';

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
});
