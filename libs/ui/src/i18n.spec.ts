import { describe, expect, it } from 'vitest';
import { createUiI18n, uiLocales, uiMessages, type UiLocale } from './i18n';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value] as [string, string]]
      : leaves(value, `${prefix}${key}.`),
  );
}

const messages = (locale: UiLocale) => leaves(uiMessages[locale]);
const placeholders = (message: string) =>
  [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();

const sources = import.meta.glob<string>(['./**/*.vue', './**/*.ts', '!./**/*.spec.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('uiMessages', () => {
  it('keeps every text under the top-level key "ui"', () => {
    for (const locale of uiLocales) expect(Object.keys(uiMessages[locale])).toEqual(['ui']);
  });

  it('has the same keys and placeholders in German and English', () => {
    const german = new Map(messages('de'));
    const english = new Map(messages('en'));
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
    for (const [key, text] of german)
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it("uses only plain {name} placeholders, | plurals and {'@'} for an at sign, nothing that needs a special compiler", () => {
    for (const locale of uiLocales) {
      for (const [key, text] of messages(locale)) {
        const plain = text.replaceAll("{'@'}", '');
        expect(plain, key).not.toMatch(/@|<[a-z/]|%\{|\{\s*'|\$t\(/i);
        expect(plain.replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}]/);
        expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('renders every message with its placeholders filled', () => {
    for (const locale of uiLocales) {
      const { t } = createUiI18n(locale).global;
      for (const [key] of messages(locale)) {
        const text = t(key, { count: 2, max: 200, page: 2, pages: 9, min: 10, account: 'x' }, 2);
        expect(text, key).not.toBe(key);
        expect(text, key).not.toMatch(/[{}]/);
      }
    }
  });

  it('has every key the components use', () => {
    const german = new Set(messages('de').map(([key]) => key));
    const used = new Set<string>();
    for (const source of Object.values(sources)) {
      for (const match of source.matchAll(/\bt\(\s*'(ui\.[\w.]+)'/g)) used.add(match[1] ?? '');
      // dynamic keys such as t(`ui.dateInput.${part}`): the prefix must exist
      for (const match of source.matchAll(/\bt\(\s*`(ui\.[\w.]+)\.\$\{/g)) used.add(`${match[1] ?? ''}.`);
    }
    expect(used.size).toBeGreaterThan(20);
    for (const key of used) {
      if (key.endsWith('.'))
        expect(
          [...german].some((known) => known.startsWith(key)),
          key,
        ).toBe(true);
      else expect(german.has(key), key).toBe(true);
    }
    // and no text is left over that nothing shows
    const unused = [...german].filter(
      (key) => !used.has(key) && ![...used].some((prefix) => prefix.endsWith('.') && key.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });

  it('chooses plural forms by count', () => {
    const { t } = createUiI18n('en').global;
    expect(t('ui.characterCount.remaining', { count: 1 }, 1)).toBe('You have 1 character remaining');
    expect(t('ui.characterCount.remaining', { count: 5 }, 5)).toBe('You have 5 characters remaining');
    const de = createUiI18n('de').global;
    expect(de.t('ui.fileUpload.chosen', 1)).toBe('Ausgewählte Datei:');
    expect(de.t('ui.fileUpload.chosen', 3)).toBe('Ausgewählte Dateien:');
  });
});
