import { computed, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { UiErrorSummaryItem } from '../types';
import { isProblem } from './useProblemMessage';

/** A field error of an API's 422 answer (problem+json `errors[]`), as the apps' API client has it. */
export interface ApiFieldError {
  field: string;
  /** a sentence in the request's language */
  message: string;
  /** a stable code for the kind of refusal, where the API gives one (e.g. `password-common`) */
  code?: string;
}

/** The key of an error message: under the form's `messages`, or one of the library's (`ui.errors`). */
export type ErrorKey = string;

/**
 * One rule for a field error of a 422 answer: which of our fields it belongs to, and, where we have a
 * better sentence for it, which of our messages says it (by the error's `code`); otherwise the API's own
 * message shows (the API answers in the request's language).
 */
export interface ApiFieldRule<F extends string> {
  field: F;
  message?: (error: ApiFieldError) => ErrorKey | null;
}

export interface FormErrorsOptions {
  /** where the form's own messages live, e.g. `account.errors`; keys not there come from `ui.errors` */
  messages?: string;
}

export interface FormErrors<F extends string> {
  /** the message per field, for the fields' `error` prop */
  errors: Ref<Partial<Record<F, string>>>;
  /** for UiErrorSummary: in the form's order, each linking to its field */
  summary: Readonly<Ref<UiErrorSummaryItem[]>>;
  hasErrors: Readonly<Ref<boolean>>;
  /** shows these errors (message keys) instead of the ones before; true if there were any */
  show(keys: Partial<Record<F, ErrorKey | null | undefined>>): boolean;
  /**
   * Maps a 422's field errors onto the form (unknown fields are left out); true when any was mapped, so
   * the caller shows a general message otherwise.
   */
  showProblem(problem: unknown, rules: Record<string, ApiFieldRule<F>>): boolean;
  clear(): void;
}

function fieldErrorsOf(problem: unknown): ApiFieldError[] | null {
  if (!isProblem(problem) || problem.status !== 422) return null;
  const errors = (problem as { errors?: unknown }).errors;
  return Array.isArray(errors) ? (errors as ApiFieldError[]) : [];
}

/**
 * The errors of one form, GOV.UK style: an inline message per field and the same messages in the error
 * summary, in the order the fields appear (`fieldIds`: our field name → the input's id). Messages are
 * looked up under `options.messages` first, then among the library's (the checks of `credentials`).
 */
export function useFormErrors<F extends string>(
  fieldIds: Record<F, string>,
  options: FormErrorsOptions = {},
): FormErrors<F> {
  const i18n = useI18n();
  const t = i18n.t;
  const errors = ref({}) as Ref<Partial<Record<F, string>>>;
  const order = Object.keys(fieldIds) as F[];

  const summary = computed<UiErrorSummaryItem[]>(() =>
    order
      .filter((field) => errors.value[field])
      .map((field) => ({ fieldId: fieldIds[field], message: errors.value[field] as string })),
  );
  const hasErrors = computed(() => summary.value.length > 0);

  function message(key: ErrorKey): string {
    const own = options.messages ? `${options.messages}.${key}` : '';
    return own && i18n.te(own) ? t(own) : t(`ui.errors.${key}`);
  }

  function show(keys: Partial<Record<F, ErrorKey | null | undefined>>): boolean {
    const next: Partial<Record<F, string>> = {};
    for (const field of order) {
      const key = keys[field];
      if (key) next[field] = message(key);
    }
    errors.value = next;
    return Object.keys(next).length > 0;
  }

  function showProblem(problem: unknown, rules: Record<string, ApiFieldRule<F>>): boolean {
    const fieldErrors = fieldErrorsOf(problem);
    if (!fieldErrors) return false;
    const next: Partial<Record<F, string>> = {};
    for (const error of fieldErrors) {
      const rule = rules[error.field.replace(/^\//, '').replace(/\//g, '.')];
      if (!rule || next[rule.field]) continue;
      const key = rule.message?.(error);
      next[rule.field] = key ? message(key) : error.message;
    }
    errors.value = next;
    return Object.keys(next).length > 0;
  }

  function clear(): void {
    errors.value = {};
  }

  return { errors, summary, hasErrors, show, showProblem, clear };
}
