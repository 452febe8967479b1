import { createI18n } from 'vue-i18n';
import { uiMessages } from '@buergeramt/ui';
import appDe from '../locales/de.json';
import appEn from '../locales/en.json';
import contentDe from '../features/content/locales/de.json';
import contentEn from '../features/content/locales/en.json';
import homeDe from '../features/home/locales/de.json';
import homeEn from '../features/home/locales/en.json';
import servicesDe from '../features/services/locales/de.json';
import servicesEn from '../features/services/locales/en.json';

/** The app's languages, German first (the city's official language), then English. */
export const LOCALES = [
  { code: 'de', nativeLabel: 'Deutsch' },
  { code: 'en', nativeLabel: 'English' },
] as const;
export type Locale = (typeof LOCALES)[number]['code'];

const STORAGE_KEY = 'buergeramt.locale';

export function isLocale(value: unknown): value is Locale {
  return LOCALES.some((l) => l.code === value);
}

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : 'de';
  } catch {
    return 'de';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'de',
  // every message is precompiled at build time (no message compiler in the bundle). The start page's
  // texts come with the app; the texts of the longer journeys load with their routes (LAZY_MESSAGES).
  messages: {
    de: { ...uiMessages.de, ...appDe, ...contentDe, ...homeDe, ...servicesDe },
    en: { ...uiMessages.en, ...appEn, ...contentEn, ...homeEn, ...servicesEn },
  },
  missingWarn: false,
  fallbackWarn: false,
  // a text that is not there is a bug (a key typo, or a page showing texts its route did not load):
  // say so where the browser tests see it, instead of showing the key to a resident silently
  missing: (locale, key) => {
    console.error(`missing text "${key}" (${locale})`);
  },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switches the language of the app and of the page (`<html lang>`), and remembers the choice. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode without storage: the choice holds for this visit
  }
}

type Messages = Record<string, unknown>;
type MessageModules = Promise<[{ default: Messages }, { default: Messages }]>;

/** The texts of the journeys that are not on the start page, loaded with their routes (both languages). */
const LAZY_MESSAGES = {
  account: (): MessageModules =>
    Promise.all([
      import('../features/account/locales/de.json'),
      import('../features/account/locales/en.json'),
    ]),
  applications: (): MessageModules =>
    Promise.all([
      import('../features/applications/locales/de.json'),
      import('../features/applications/locales/en.json'),
    ]),
  appointments: (): MessageModules =>
    Promise.all([
      import('../features/appointments/locales/de.json'),
      import('../features/appointments/locales/en.json'),
    ]),
  booking: (): MessageModules =>
    Promise.all([
      import('../features/booking/locales/de.json'),
      import('../features/booking/locales/en.json'),
    ]),
  documents: (): MessageModules =>
    Promise.all([
      import('../features/documents/locales/de.json'),
      import('../features/documents/locales/en.json'),
    ]),
  feedback: (): MessageModules =>
    Promise.all([
      import('../features/feedback/locales/de.json'),
      import('../features/feedback/locales/en.json'),
    ]),
  notifications: (): MessageModules =>
    Promise.all([
      import('../features/notifications/locales/de.json'),
      import('../features/notifications/locales/en.json'),
    ]),
  transparency: (): MessageModules =>
    Promise.all([
      import('../features/transparency/locales/de.json'),
      import('../features/transparency/locales/en.json'),
    ]),
  verify: (): MessageModules =>
    Promise.all([import('../features/verify/locales/de.json'), import('../features/verify/locales/en.json')]),
};
export type LazyMessages = keyof typeof LAZY_MESSAGES;

const loading = new Map<LazyMessages, Promise<void>>();

/** Loads (once) the texts of a journey; the router awaits this before showing one of its pages. */
export function loadMessages(name: LazyMessages): Promise<void> {
  let pending = loading.get(name);
  if (!pending) {
    pending = LAZY_MESSAGES[name]()
      .then(([de, en]) => {
        i18n.global.mergeLocaleMessage('de', de.default);
        i18n.global.mergeLocaleMessage('en', en.default);
      })
      .catch((error: unknown) => {
        loading.delete(name); // offline for a moment: the next navigation tries again
        throw error;
      });
    loading.set(name, pending);
  }
  return pending;
}

/** Every journey's texts (tests that mount a journey's components). */
export function loadAllMessages(): Promise<void[]> {
  return Promise.all((Object.keys(LAZY_MESSAGES) as LazyMessages[]).map(loadMessages));
}
