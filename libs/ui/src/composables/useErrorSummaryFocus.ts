import { nextTick, ref, type Ref } from 'vue';

export interface ErrorSummaryFocus {
  /** bind with `ref="summaryRef"` on the form's UiErrorSummary (what it exposes: `focus()`) */
  summaryRef: Ref<{ focus(): void } | null>;
  /**
   * Moves focus to the summary once it has rendered. UiErrorSummary takes focus itself when it appears or
   * its list changes; this is for a repeated submit with the same errors, where nothing changes.
   */
  focusSummary: () => Promise<void>;
}

/** The focus handling of a form's error summary (GOV.UK: focus the summary after every failed submit). */
export function useErrorSummaryFocus(): ErrorSummaryFocus {
  const summaryRef = ref<{ focus(): void } | null>(null);
  async function focusSummary(): Promise<void> {
    await nextTick();
    summaryRef.value?.focus();
  }
  return { summaryRef, focusSummary };
}
