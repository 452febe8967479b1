import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it('accepts paths of this app only', () => {
    expect(safeReturnPath('/termine')).toBe('/termine');
    expect(safeReturnPath('/termin/personalausweis/pruefen?standort=a&zeit=b')).toBe(
      '/termin/personalausweis/pruefen?standort=a&zeit=b',
    );
  });

  it('refuses anything that could leave the app after log-in', () => {
    for (const value of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      undefined,
      ['/a'],
    ]) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});
