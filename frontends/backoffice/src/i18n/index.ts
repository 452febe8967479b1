import { createAppI18n } from '@buergeramt/ui';
import appDe from '../locales/de.json';
import appEn from '../locales/en.json';
import errorsDe from '../features/errors/locales/de.json';
import errorsEn from '../features/errors/locales/en.json';

/**
 * The back office's texts, German first, precompiled at build time. The header's and the error pages'
 * texts come with the app; each journey's load with its routes (`loadMessages`, awaited by the router).
 */
const texts = createAppI18n({
  messages: { de: { ...appDe, ...errorsDe }, en: { ...appEn, ...errorsEn } },
  lazy: {
    login: () =>
      Promise.all([import('../features/login/locales/de.json'), import('../features/login/locales/en.json')]),
    office: () =>
      Promise.all([
        import('../features/office/locales/de.json'),
        import('../features/office/locales/en.json'),
      ]),
    display: () =>
      Promise.all([
        import('../features/display/locales/de.json'),
        import('../features/display/locales/en.json'),
      ]),
    kiosk: () =>
      Promise.all([import('../features/kiosk/locales/de.json'), import('../features/kiosk/locales/en.json')]),
    cases: () =>
      Promise.all([import('../features/cases/locales/de.json'), import('../features/cases/locales/en.json')]),
    admin: () =>
      Promise.all([import('../features/admin/locales/de.json'), import('../features/admin/locales/en.json')]),
    stats: () =>
      Promise.all([import('../features/stats/locales/de.json'), import('../features/stats/locales/en.json')]),
  },
});

export const { i18n, currentLocale, setLocale, loadMessages, loadAllMessages, useLanguageSwitch } = texts;
export type LazyMessages = Parameters<typeof loadMessages>[0];
