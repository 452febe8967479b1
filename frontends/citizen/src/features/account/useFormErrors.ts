import { computed, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiProblem, type FieldError } from '@buergeramt/api-client';
import type { UiErrorSummaryItem } from '@buergeramt/ui';
import type { ErrorKey } from './validation';

/**
 * One rule for a field error of identity's 422 answer: which of our fields it belongs to, and, where we
 * have a better sentence for it, which of our messages says it (by the error's `code`); otherwise the
 * API's own message shows (identity answers in the request's language).
 */
export interface ApiFieldRule<F extends string> {
  field: F;
  message?: (error: FieldError) => ErrorKey | null;
}

export interface FormErrors<F extends string> {
  /** the message per field, for the fields' `error` prop */
  errors: Ref<Partial<Record<F, string>>>;
  /** for UiErrorSummary: in the form's order, each linking to its field */
  summary: Readonly<Ref<UiErrorSummaryItem[]>>;
  hasErrors: Readonly<Ref<boolean>>;
  /** shows these errors (keys under `account.errors`) instead of the ones before; true if there were any */
  show(keys: Partial<Record<F, ErrorKey | null | undefined>>): boolean;
  /**
   * Maps a 422's field errors onto the form (unknown fields are left out); true when any was mapped, so
   * the caller shows a general message otherwise.
   */
  showProblem(problem: unknown, rules: Record<string, ApiFieldRule<F>>): boolean;
  clear(): void;
}

/**
 * The errors of one form, GOV.UK style: an inline message per field and the same messages in the error
 * summary, in the order the fields appear (`fieldIds`: our field name → the input's id).
 */
export function useFormErrors<F extends string>(fieldIds: Record<F, string>): FormErrors<F> {
  const { t } = useI18n();
  const errors = ref({}) as Ref<Partial<Record<F, string>>>;
  const order = Object.keys(fieldIds) as F[];

  const summary = computed<UiErrorSummaryItem[]>(() =>
    order
      .filter((field) => errors.value[field])
      .map((field) => ({ fieldId: fieldIds[field], message: errors.value[field] as string })),
  );
  const hasErrors = computed(() => summary.value.length > 0);

  function show(keys: Partial<Record<F, ErrorKey | null | undefined>>): boolean {
    const next: Partial<Record<F, string>> = {};
    for (const field of order) {
      const key = keys[field];
      if (key) next[field] = t(`account.errors.${key}`);
    }
    errors.value = next;
    return Object.keys(next).length > 0;
  }

  function showProblem(problem: unknown, rules: Record<string, ApiFieldRule<F>>): boolean {
    if (!(problem instanceof ApiProblem) || problem.status !== 422) return false;
    const next: Partial<Record<F, string>> = {};
    for (const error of problem.errors) {
      const rule = rules[error.field.replace(/^\//, '').replace(/\//g, '.')];
      if (!rule || next[rule.field]) continue;
      const key = rule.message?.(error);
      next[rule.field] = key ? t(`account.errors.${key}`) : error.message;
    }
    errors.value = next;
    return Object.keys(next).length > 0;
  }

  function clear(): void {
    errors.value = {};
  }

  return { errors, summary, hasErrors, show, showProblem, clear };
}
