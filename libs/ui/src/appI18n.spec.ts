import { mount } from '@vue/test-utils';
import { defineComponent } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from './appI18n';

const app = () =>
  createAppI18n({
    messages: { de: { app: { name: 'Verwaltung' } }, en: { app: { name: 'Back office' } } },
    lazy: {
      office: () =>
        Promise.all([
          Promise.resolve({ default: { office: { title: 'Heute' } } }),
          Promise.resolve({ default: { office: { title: 'Today' } } }),
        ]),
    },
  });

describe('createAppI18n', () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it('speaks German first, with the library’s texts, and remembers a switch on the device', () => {
    const first = app();
    expect(first.currentLocale()).toBe('de');
    expect(first.i18n.global.t('app.name')).toBe('Verwaltung');
    expect(first.i18n.global.t('ui.retry')).toBe('Erneut versuchen');
    first.setLocale('en');
    expect(document.documentElement.lang).toBe('en');
    expect(first.i18n.global.t('app.name')).toBe('Back office');
    expect(app().currentLocale()).toBe('en');
    window.localStorage.setItem('buergeramt.locale', 'xx');
    expect(app().currentLocale()).toBe('de');
  });

  it('loads a journey’s texts once, in both languages', async () => {
    const texts = app();
    await Promise.all([texts.loadMessages('office'), texts.loadAllMessages()]);
    expect(texts.i18n.global.t('office.title')).toBe('Heute');
    texts.setLocale('en');
    expect(texts.i18n.global.t('office.title')).toBe('Today');
  });

  it('says so on the console when a text is missing', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    app().i18n.global.t('office.nothing');
    expect(logged).toHaveBeenCalledWith('missing text "office.nothing" (de)');
  });

  it('offers the languages for the header’s switch, which switches the app', () => {
    const texts = app();
    let choice!: ReturnType<typeof texts.useLanguageSwitch>;
    mount(
      defineComponent({
        setup() {
          choice = texts.useLanguageSwitch();
          return () => null;
        },
      }),
      { global: { plugins: [texts.i18n] } },
    );
    expect(choice.locales.value).toEqual([
      { code: 'de', nativeLabel: 'Deutsch', label: 'Deutsch' },
      { code: 'en', nativeLabel: 'English', label: 'Englisch' },
    ]);
    choice.current.value = 'en';
    expect(texts.currentLocale()).toBe('en');
    choice.current.value = 'fr';
    expect(texts.currentLocale()).toBe('en');
  });
});
