import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { LOCALES } from '../../i18n';

/** The languages a person can choose for mails and the app (radio options), in the app's order. */
export function useLocaleOptions(): ComputedRef<{ value: string; label: string }[]> {
  const { t } = useI18n();
  return computed(() => LOCALES.map(({ code }) => ({ value: code, label: t(`account.languages.${code}`) })));
}
