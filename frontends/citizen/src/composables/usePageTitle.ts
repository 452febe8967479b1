import { onBeforeUnmount, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useI18n } from 'vue-i18n';
import { useAnnouncer } from '@buergeramt/ui';
import { useConfigStore } from '../stores/config';

/**
 * The document title of a page: "<page> – <app name>", prefixed with "Fehler: " while the page shows an
 * error summary (GOV.UK). Screen readers hear the page's title once it is known, after each navigation.
 * Every view calls this once with its heading text.
 */
export function usePageTitle(
  title: MaybeRefOrGetter<string | null | undefined>,
  hasError?: MaybeRefOrGetter<boolean>,
) {
  const { t } = useI18n();
  const config = useConfigStore();
  const { announce } = useAnnouncer();
  let announced = false;

  const stop = watch(
    () =>
      [
        toValue(title),
        toValue(hasError) ?? false,
        config.text(config.config?.appName) || t('app.name'),
      ] as const,
    ([page, error, appName]) => {
      if (!page) return;
      document.title = `${error ? t('app.errorPrefix') : ''}${page} – ${appName}`;
      if (!announced) {
        announced = true;
        announce(page);
      }
    },
    { immediate: true },
  );
  onBeforeUnmount(stop);
}
