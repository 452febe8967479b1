import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiLanguageSwitch from './UiLanguageSwitch.vue';

const locales = [
  { code: 'de', label: 'Deutsch', nativeLabel: 'Deutsch' },
  { code: 'en', label: 'Englisch', nativeLabel: 'English' },
];

describe('UiLanguageSwitch', () => {
  it('names each language in itself, marked with its lang, the current one pressed', () => {
    const languageSwitch = mountWithI18n(UiLanguageSwitch, { props: { locales, modelValue: 'de' } });
    expect(languageSwitch.attributes('aria-label')).toBe('Sprache');
    const buttons = languageSwitch.findAll('button');
    expect(
      buttons.map((button) => [button.text(), button.attributes('lang'), button.attributes('aria-pressed')]),
    ).toEqual([
      ['Deutsch', 'de', 'true'],
      ['English', 'en', 'false'],
    ]);
    expect(buttons[1]?.attributes('title')).toBe('Englisch');
    expect(buttons[0]?.attributes('title')).toBeUndefined();
  });

  it('emits the chosen code', async () => {
    const languageSwitch = mountWithI18n(UiLanguageSwitch, { props: { locales, modelValue: 'de' } });
    await languageSwitch.findAll('button')[1]?.trigger('click');
    expect(languageSwitch.emitted('update:modelValue')).toEqual([['en']]);
  });

  it('renders links with lang, hreflang and aria-current when given URLs', async () => {
    const languageSwitch = mountWithI18n(UiLanguageSwitch, {
      props: { locales, modelValue: 'en', hrefFor: (code: string) => `/${code}/start` },
    });
    const links = languageSwitch.findAll('a');
    expect(
      links.map((link) => [link.attributes('href'), link.attributes('lang'), link.attributes('hreflang')]),
    ).toEqual([
      ['/de/start', 'de', 'de'],
      ['/en/start', 'en', 'en'],
    ]);
    expect(links.map((link) => link.attributes('aria-current'))).toEqual([undefined, 'true']);
    await links[0]?.trigger('click', { button: 0 });
    expect(languageSwitch.emitted('update:modelValue')).toEqual([['de']]);
  });
});
