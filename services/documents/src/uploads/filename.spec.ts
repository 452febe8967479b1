import { MAX_FILENAME_LENGTH, sanitizeFilename, withTypeExtension } from './filename';

describe('sanitizeFilename', () => {
  it.each([
    ['Meldebescheinigung.pdf', 'Meldebescheinigung.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['C:\\Users\\erika\\Pass Foto.pdf', 'Pass Foto.pdf'],
    ['a\u0000b\u0007c\r\n.pdf', 'abc.pdf'],
    ['rechnung\u202Efdp.exe', 'rechnungfdp.pdf'],
    ['.htaccess', 'htaccess.pdf'],
    ['   ', 'document.pdf'],
    ['..', 'document.pdf'],
    ['Übersicht Straße.pdf', 'Übersicht Straße.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFilename(raw, 'application/pdf')).toBe(expected);
  });

  it('keeps NFC and at most the maximum length, extension included', () => {
    expect(sanitizeFilename('U\u0308ber.pdf', 'application/pdf')).toBe('Über.pdf');
    const long = sanitizeFilename(`${'ä'.repeat(500)}.pdf`, 'application/pdf');
    expect([...long]).toHaveLength(MAX_FILENAME_LENGTH);
    expect(long.endsWith('.pdf')).toBe(true);
    const longHtml = sanitizeFilename(`${'ä'.repeat(500)}.html`, 'image/png');
    expect([...longHtml]).toHaveLength(MAX_FILENAME_LENGTH);
    expect(longHtml.endsWith('ä.png')).toBe(true);
    expect(sanitizeFilename(undefined, 'image/png')).toBe('document.png');
  });
});

describe('withTypeExtension: the name ends in the extension of the type the content was sniffed as', () => {
  it.each([
    ['x.html', 'image/png', 'x.png'],
    ['x.HTML', 'application/pdf', 'x.pdf'],
    ['foto.pdf', 'image/png', 'foto.png'],
    ['Pass Foto.svg', 'image/jpeg', 'Pass Foto.jpg'],
    ['scan.jpeg', 'image/jpeg', 'scan.jpeg'],
    ['SCAN.JPG', 'image/jpeg', 'SCAN.JPG'],
    ['Attest', 'application/pdf', 'Attest.pdf'],
    ['Ärztliches Attest.htm', 'application/pdf', 'Ärztliches Attest.pdf'],
    ['bild.png.html', 'image/png', 'bild.png'],
    ['bild.png.', 'image/png', 'bild.png'],
    ['Antrag vom 1.2.2024', 'application/pdf', 'Antrag vom 1.2.2024.pdf'],
    ['Antrag v1.0', 'application/pdf', 'Antrag v1.0.pdf'],
    ['Bescheid-ESS-2026-000123.pdf', 'application/pdf', 'Bescheid-ESS-2026-000123.pdf'],
  ])('%j sniffed as %s → %j', (name, type, expected) => {
    expect(withTypeExtension(name, type)).toBe(expected);
  });

  it('is idempotent, so names stored before the rule are served by it', () => {
    for (const name of ['x.html', 'a.b.c', 'Über.pdf', 'ä'.repeat(300)]) {
      const once = withTypeExtension(name, 'image/png');
      expect(withTypeExtension(once, 'image/png')).toBe(once);
    }
  });
});
