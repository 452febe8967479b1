import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../services/api';
import { currentLocale } from '../i18n';

export type PublicConfig = Schema<'PublicConfig'>;
export type LocalizedText = Schema<'LocalizedText'>;

/**
 * The city's configuration as the gateway serves it (name, logo, colours, contact, content pages): the
 * app knows nothing of any particular city. Loaded once at start.
 */
export const useConfigStore = defineStore('config', () => {
  const config = ref<PublicConfig | null>(null);
  const failed = ref(false);
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= ok(api.GET('/api/v1/config/public'))
      .then((value) => {
        config.value = value;
        failed.value = false;
      })
      .catch(() => {
        failed.value = true;
        loading = null;
      });
    return loading;
  }

  /** A text of the configuration in the current language. */
  function text(value: LocalizedText | undefined | null): string {
    if (!value) return '';
    return currentLocale() === 'en' ? value.en : value.de;
  }

  const footerPages = computed(() => config.value?.pages.filter((p) => p.footer) ?? []);

  return { config, failed, load, text, footerPages };
});
