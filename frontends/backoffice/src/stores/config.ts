import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ok, type Schema } from '@buergeramt/api-client';
import type { UiLink, UiLogo } from '@buergeramt/ui';
import { currentLocale } from '../i18n';
import { api } from '../services/api';

type PublicConfig = Schema<'PublicConfig'>;
type LocalizedText = Schema<'LocalizedText'>;

/**
 * The city's configuration as the gateway serves it, as far as the back office shows it: the city's name
 * and logo in the header, and its content pages (imprint, privacy, accessibility statement, contact) in
 * the footer, which the citizen app shows. Loaded once at start; the app works without it.
 */
export const useConfigStore = defineStore('config', () => {
  const config = ref<PublicConfig | null>(null);
  const failed = ref(false);
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= ok(api.GET('/api/v1/config/public')).then(
      (value) => {
        config.value = value;
        failed.value = false;
      },
      () => {
        failed.value = true;
        loading = null;
      },
    );
    return loading;
  }

  /** A text of the configuration in the current language. */
  const text = (value: LocalizedText | undefined): string => (value ? value[currentLocale()] : '');

  const cityName = computed(() => text(config.value?.city.name));
  const logo = computed<UiLogo | undefined>(() => {
    const value = config.value?.logo;
    return value ? { src: value.url, alt: text(value.alt) } : undefined;
  });
  const footerLinks = computed<UiLink[]>(() =>
    (config.value?.pages ?? [])
      .filter((page) => page.footer)
      .map((page) => ({ href: `/info/${page.slug}`, label: text(page.title) })),
  );

  return { failed, load, cityName, logo, footerLinks };
});
