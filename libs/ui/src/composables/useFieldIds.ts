import { computed, toValue, useId, type ComputedRef, type MaybeRefOrGetter } from 'vue';

/** The ids of one form control and the elements that describe it. */
export interface FieldIds {
  /** id of the focusable input (the first one of a group); the error summary links to `#inputId` */
  inputId: string;
  /** id of the hint element: `<inputId>-hint` */
  hintId: string;
  /** id of the error message element: `<inputId>-error` */
  errorId: string;
  /** value for `aria-describedby`: the hint and error ids that exist, or undefined when none does */
  describedBy: string | undefined;
  /** value for `aria-invalid`: 'true' with an error, otherwise undefined (no attribute at all) */
  invalid: 'true' | undefined;
  /** the id of a further element belonging to the control: `<inputId>-<suffix>` */
  idFor: (suffix: string) => string;
}

export interface FieldState {
  /** whether a hint element is rendered (hint prop or slot) */
  hint: boolean;
  /** whether an error message element is rendered */
  error: boolean;
  /**
   * suffixes of further elements that describe the control, placed between hint and error
   * (e.g. 'info' → `<inputId>-info`); falsy entries are skipped
   */
  extra?: readonly (string | false | null | undefined)[];
}

/**
 * The one place that names the ids of a control and composes `aria-describedby`: only ids of
 * elements that are rendered, hint before error, so no reference dangles.
 */
export function fieldIds(inputId: string, state: FieldState): FieldIds {
  const idFor = (suffix: string): string => `${inputId}-${suffix}`;
  const hintId = idFor('hint');
  const errorId = idFor('error');
  const extra = (state.extra ?? [])
    .filter((suffix): suffix is string => typeof suffix === 'string' && suffix.length > 0)
    .map(idFor);
  const parts = [...(state.hint ? [hintId] : []), ...extra, ...(state.error ? [errorId] : [])];
  return {
    inputId,
    hintId,
    errorId,
    describedBy: parts.length > 0 ? parts.join(' ') : undefined,
    invalid: state.error ? 'true' : undefined,
    idFor,
  };
}

export interface FieldIdsOptions {
  hint: MaybeRefOrGetter<boolean>;
  error: MaybeRefOrGetter<boolean>;
  extra?: MaybeRefOrGetter<readonly (string | false | null | undefined)[]>;
}

/**
 * The control's id (the given one, or one from Vue's `useId()` when absent) and the ids derived from
 * it. Call in `setup`.
 *
 * @example
 * const ids = useFieldIds(() => props.id, { hint: () => !!props.hint, error: () => !!props.error });
 * // <input :id="ids.inputId" :aria-describedby="ids.describedBy" :aria-invalid="ids.invalid">
 */
export function useFieldIds(
  id: MaybeRefOrGetter<string | undefined>,
  options: FieldIdsOptions,
): ComputedRef<FieldIds> {
  const generated = `ui-${useId()}`;
  return computed(() =>
    fieldIds(toValue(id) || generated, {
      hint: toValue(options.hint),
      error: toValue(options.error),
      extra: toValue(options.extra),
    }),
  );
}
