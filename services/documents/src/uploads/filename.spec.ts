import { MAX_FILENAME_LENGTH, sanitizeFilename } from './filename';

describe('sanitizeFilename', () => {
  it.each([
    ['Meldebescheinigung.pdf', 'Meldebescheinigung.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\erika\\Pass Foto.jpg', 'Pass Foto.jpg'],
    ['a\u0000b\u0007c\r\n.pdf', 'abc.pdf'],
    ['rechnung\u202Efdp.exe', 'rechnungfdp.exe'],
    ['.htaccess', 'htaccess'],
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
    expect(sanitizeFilename(undefined, 'image/png')).toBe('document.png');
  });
});
