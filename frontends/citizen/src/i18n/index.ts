import { APP_LOCALES, createAppI18n } from '@buergeramt/ui';
import appDe from '../locales/de.json';
import appEn from '../locales/en.json';
import contentDe from '../features/content/locales/de.json';
import contentEn from '../features/content/locales/en.json';
import homeDe from '../features/home/locales/de.json';
import homeEn from '../features/home/locales/en.json';
import servicesDe from '../features/services/locales/de.json';
import servicesEn from '../features/services/locales/en.json';

/** The app's languages, German first (the city's official language), then English. */
export const LOCALES = APP_LOCALES;

/**
 * The app's texts, precompiled at build time. The start page's texts come with the app; the texts of the
 * longer journeys load with their routes (`loadMessages`, awaited by the router).
 */
const texts = createAppI18n({
  messages: {
    de: { ...appDe, ...contentDe, ...homeDe, ...servicesDe },
    en: { ...appEn, ...contentEn, ...homeEn, ...servicesEn },
  },
  lazy: {
    account: () =>
      Promise.all([
        import('../features/account/locales/de.json'),
        import('../features/account/locales/en.json'),
      ]),
    applications: () =>
      Promise.all([
        import('../features/applications/locales/de.json'),
        import('../features/applications/locales/en.json'),
      ]),
    appointments: () =>
      Promise.all([
        import('../features/appointments/locales/de.json'),
        import('../features/appointments/locales/en.json'),
      ]),
    booking: () =>
      Promise.all([
        import('../features/booking/locales/de.json'),
        import('../features/booking/locales/en.json'),
      ]),
    documents: () =>
      Promise.all([
        import('../features/documents/locales/de.json'),
        import('../features/documents/locales/en.json'),
      ]),
    feedback: () =>
      Promise.all([
        import('../features/feedback/locales/de.json'),
        import('../features/feedback/locales/en.json'),
      ]),
    notifications: () =>
      Promise.all([
        import('../features/notifications/locales/de.json'),
        import('../features/notifications/locales/en.json'),
      ]),
    transparency: () =>
      Promise.all([
        import('../features/transparency/locales/de.json'),
        import('../features/transparency/locales/en.json'),
      ]),
    verify: () =>
      Promise.all([
        import('../features/verify/locales/de.json'),
        import('../features/verify/locales/en.json'),
      ]),
  },
});

export const { i18n, currentLocale, setLocale, loadMessages, loadAllMessages, useLanguageSwitch } = texts;
export type LazyMessages = Parameters<typeof loadMessages>[0];
