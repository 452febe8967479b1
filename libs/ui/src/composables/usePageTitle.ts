import {
  type App,
  inject,
  type InjectionKey,
  type MaybeRefOrGetter,
  onBeforeUnmount,
  toValue,
  watch,
} from 'vue';
import { useI18n } from 'vue-i18n';
import { useAnnouncer } from './useAnnouncer';

/** The app's name, which every page title ends with (provided once by the app: `provideAppName`). */
const APP_NAME: InjectionKey<() => string> = Symbol('ui.appName');

/**
 * Tells `usePageTitle` the app's name, e.g. the city's configured name or the app's own:
 * `provideAppName(app, () => config.appName || i18n.global.t('app.name'))`. Read reactively.
 */
export function provideAppName(app: App, name: () => string): void {
  app.provide(APP_NAME, name);
}

/**
 * The document title of a page: "<page> – <app name>", prefixed with "Fehler: " while the page shows an
 * error summary (GOV.UK). Screen readers hear the page's title once it is known, after each navigation.
 * Every view calls this once with its heading text.
 */
export function usePageTitle(
  title: MaybeRefOrGetter<string | null | undefined>,
  hasError?: MaybeRefOrGetter<boolean>,
): void {
  const { t } = useI18n();
  const appName = inject(APP_NAME, () => '');
  const { announce } = useAnnouncer();
  let announced = false;

  const stop = watch(
    () => [toValue(title), toValue(hasError) ?? false, appName()] as const,
    ([page, error, app]) => {
      if (!page) return;
      document.title = `${error ? `${t('ui.error.prefix')} ` : ''}${page}${app ? ` – ${app}` : ''}`;
      if (!announced) {
        announced = true;
        announce(page);
      }
    },
    { immediate: true },
  );
  onBeforeUnmount(stop);
}
