import { createI18n } from 'vue-i18n';
import de from './i18n/de.json';
import en from './i18n/en.json';

/**
 * The library's own texts, all under the top-level key `ui`. Apps merge them into their vue-i18n
 * messages (composition mode, `legacy: false`): `messages: { de: { ...uiMessages.de, ...appDe } }`.
 * The texts live in JSON (`src/i18n/*.json`) so an app's @intlify/unplugin-vue-i18n can precompile
 * them; they use plain `{name}` placeholders and `|` plural forms only.
 */
export type UiMessageSchema = typeof de;
export type UiLocale = 'de' | 'en';

const english: UiMessageSchema = en;

export const uiMessages: Record<UiLocale, UiMessageSchema> = { de, en: english };

/** Locale codes the library has texts for; German is the default. */
export const uiLocales: readonly UiLocale[] = ['de', 'en'];

/**
 * An i18n instance with only the library's texts (German, English fallback). For tests of components
 * that use the library (`global: { plugins: uiTestPlugins() }`) and for quick prototypes; apps create
 * their own instance with their own messages merged.
 */
export function createUiI18n(locale: UiLocale = 'de') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'de', messages: uiMessages });
}

/**
 * The global plugins a test needs to mount the library's components:
 * `mount(C, { global: { plugins: uiTestPlugins() } })`.
 */
export function uiTestPlugins(locale: UiLocale = 'de'): [ReturnType<typeof createUiI18n>] {
  return [createUiI18n(locale)];
}
