import { ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';
import { useI18n } from 'vue-i18n';

export interface Loader<T> {
  data: ShallowRef<T | undefined>;
  error: ShallowRef<unknown>;
  loading: Ref<boolean>;
  reload: () => Promise<void>;
}

/**
 * Loads what a page shows, again whenever one of `sources` or the language changes (texts of the API
 * come in the request's language). The newest load wins: an answer to an older request is dropped.
 */
export function useLoader<T>(load: () => Promise<T>, sources: WatchSource[] = []): Loader<T> {
  const { locale } = useI18n();
  const data = shallowRef<T>();
  const error = shallowRef<unknown>();
  const loading = ref(true);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = undefined;
    try {
      const value = await load();
      if (mine === generation) data.value = value;
    } catch (failure) {
      if (mine === generation) error.value = failure;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  watch([locale, ...sources], () => void reload(), { immediate: true });
  return { data, error, loading, reload };
}
