import { localeFromHeader } from './request';
import { returnedRows } from '@buergeramt/platform';

describe('localeFromHeader', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['fr-FR', null],
    ['en', 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['fr;q=1, en-GB;q=0.8, de;q=0.7', 'en'],
    ['de;q=0, en;q=0.1', 'en'],
  ])('%j → %s', (header, locale) => {
    expect(localeFromHeader(header)).toBe(locale);
  });
});

describe('returnedRows', () => {
  it('unwraps the [rows, count] of UPDATE/DELETE ... RETURNING', () => {
    expect(returnedRows([[{ a: 1 }], 1])).toEqual([{ a: 1 }]);
    expect(returnedRows([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(returnedRows(undefined)).toEqual([]);
  });
});
