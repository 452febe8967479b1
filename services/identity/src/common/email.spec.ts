import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('trims and lower-cases local part and domain', () => {
    expect(normalizeEmail('  Max.Muster@Esslingen.DE \t')).toBe('max.muster@esslingen.de');
  });

  it('composes to Unicode NFC, so both spellings of ü are one address', () => {
    const decomposed = 'mu\u0308ller@example.org';
    const composed = 'm\u00fcller@example.org';
    expect(normalizeEmail(decomposed)).toBe(composed);
    expect(normalizeEmail('M\u00dcLLER@example.org')).toBe(composed);
  });
});
