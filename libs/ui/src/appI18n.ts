import { computed, type ComputedRef, type WritableComputedRef } from 'vue';
import { createI18n, useI18n } from 'vue-i18n';
import { uiMessages, type UiLocale } from './i18n';

/** The apps' languages, German first (the city's official language), then English. */
export const APP_LOCALES = [
  { code: 'de', nativeLabel: 'Deutsch' },
  { code: 'en', nativeLabel: 'English' },
] as const satisfies readonly { code: UiLocale; nativeLabel: string }[];

export function isAppLocale(value: unknown): value is UiLocale {
  return APP_LOCALES.some((l) => l.code === value);
}

/** Both apps remember the choice on the device under one key: a person switches once. */
const STORAGE_KEY = 'buergeramt.locale';

type Messages = Record<string, unknown>;
/** A journey's texts in both languages, as `import()` of its `locales/de.json` and `en.json` gives them. */
export type LazyMessageModules = () => Promise<[{ default: Messages }, { default: Messages }]>;

export interface AppI18nOptions<K extends string> {
  /** the texts every page needs (the library's own `ui` texts are added) */
  messages: Record<UiLocale, Messages>;
  /** the texts of the longer journeys, loaded with their routes (`loadMessages`) */
  lazy?: Record<K, LazyMessageModules>;
}

function storedLocale(): UiLocale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isAppLocale(stored) ? stored : 'de';
  } catch {
    return 'de';
  }
}

/**
 * An app's vue-i18n (composition mode, German by default, the language remembered on the device) with
 * every message precompiled at build time (no message compiler in the bundle). A text that is missing is
 * a bug (a key typo, or a page showing texts its route did not load): it is logged as a console error,
 * where the browser tests see it, instead of showing the key silently.
 */
export function createAppI18n<K extends string = never>(options: AppI18nOptions<K>) {
  const i18n = createI18n({
    legacy: false,
    locale: storedLocale(),
    fallbackLocale: 'de',
    messages: {
      de: { ...uiMessages.de, ...options.messages.de },
      en: { ...uiMessages.en, ...options.messages.en },
    },
    missingWarn: false,
    fallbackWarn: false,
    missing: (locale, key) => {
      console.error(`missing text "${key}" (${locale})`);
    },
  });

  function currentLocale(): UiLocale {
    return i18n.global.locale.value;
  }

  /** Switches the language of the app and of the page (`<html lang>`), and remembers the choice. */
  function setLocale(locale: UiLocale): void {
    i18n.global.locale.value = locale;
    document.documentElement.lang = locale;
    try {
      window.localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // private mode without storage: the choice holds for this visit
    }
  }

  const lazy = (options.lazy ?? {}) as Record<K, LazyMessageModules>;
  const loading = new Map<K, Promise<void>>();

  /** Loads (once) the texts of a journey; the router awaits this before showing one of its pages. */
  function loadMessages(name: K): Promise<void> {
    let pending = loading.get(name);
    if (!pending) {
      pending = lazy[name]()
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
  function loadAllMessages(): Promise<void[]> {
    return Promise.all((Object.keys(lazy) as K[]).map(loadMessages));
  }

  /**
   * For the header's UiLanguageSwitch: the languages (named in the page's language and their own) and
   * the current one, which switches the app when set.
   */
  function useLanguageSwitch(): {
    locales: ComputedRef<{ code: UiLocale; nativeLabel: string; label: string }[]>;
    current: WritableComputedRef<string>;
  } {
    const { t, locale } = useI18n();
    const locales = computed(() =>
      APP_LOCALES.map((l) => ({
        code: l.code,
        nativeLabel: l.nativeLabel,
        label: t(`ui.languages.${l.code}`),
      })),
    );
    const current = computed({
      get: () => locale.value,
      set: (value: string) => {
        if (isAppLocale(value)) setLocale(value);
      },
    });
    return { locales, current };
  }

  return { i18n, currentLocale, setLocale, loadMessages, loadAllMessages, useLanguageSwitch };
}
