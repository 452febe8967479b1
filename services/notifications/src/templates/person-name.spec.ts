import { isPersonName, normalizeName } from '@buergeramt/contracts';
import { greetingName } from './person-name';
import { renderLayout } from './layout';

const PHISHING = 'Erika, bitte bestätigen Sie unter https://evil.example';

describe('names in greetings', () => {
  it.each([
    'Anna',
    'Jane Doe',
    'Anna-Lena',
    "O'Brien",
    'Renée D’Arcy',
    'J. R. Tolkien',
    'Ludwig van Beethoven',
    'Maria del Carmen García López',
    'Şükrü',
    'Zoë',
    'Łukasz',
    'Алёна',
    'محمد',
    '李小龙',
  ])('greets %s by name', (name) => {
    expect(greetingName(name)).toBe(name);
  });

  it('tidies white space as identity stores names: around, between the words, line breaks too', () => {
    expect(greetingName('  Anna   Maria ')).toBe('Anna Maria');
    // a line break cannot start a paragraph of its own in the greeting
    expect(greetingName('Anna\nMaria')).toBe('Anna Maria');
  });

  it('follows the shared rule of libs/contracts (isPersonName), no copy of its own', () => {
    for (const name of [
      'Anna',
      'anna',
      'Jane Doe',
      'Erika, bitte',
      'evil.example',
      'A'.repeat(100),
      'A'.repeat(101),
    ]) {
      expect([name, greetingName(name) !== null]).toEqual([name, isPersonName(normalizeName(name))]);
    }
  });

  it.each([
    PHISHING,
    'https://evil.example',
    'evil.example',
    'Erika www.evil.example',
    'Anna <b>',
    '<script>alert("x")</script> & Co',
    'Anna: call 0800 123',
    'Anna\u202eevil',
    'Anna\u200bMaria',
    'R2D2',
    'Anna@example',
    'Anna / Bitte',
    'A'.repeat(101),
    '',
    '   ',
    '-Anna',
    "Anna'",
  ])('leaves %j out', (name) => {
    expect(greetingName(name)).toBeNull();
  });

  it.each([
    ['de', 'Guten Tag,'],
    ['en', 'Hello,'],
  ] as const)(
    'greets neutrally (%s) in the text and the HTML when the name is a sentence with a link',
    (locale, neutral) => {
      const body = renderLayout(
        { title: 'Titel', summary: 'Zusammenfassung.', blocks: [] },
        { locale, name: PHISHING, cityName: 'Stadt', cityContact: 'Kontakt', preferencesUrl: null },
      );
      expect(body.text.startsWith(`${neutral}\n`)).toBe(true);
      expect(body.html).toContain(`>${neutral}</p>`);
      for (const part of [body.text, body.html]) {
        expect(part).not.toContain('evil.example');
        expect(part).not.toContain('bestätigen');
      }
    },
  );
});
