import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import UiErrorSummary from '../feedback/UiErrorSummary.vue';
import { mountWithI18n } from '../testing';
import { useErrorSummaryFocus } from './useErrorSummaryFocus';

describe('useErrorSummaryFocus', () => {
  it('focuses the bound summary again when the same errors are shown a second time', async () => {
    let focus: () => Promise<void> = () => Promise.resolve();
    const Form = defineComponent({
      setup() {
        const { summaryRef, focusSummary } = useErrorSummaryFocus();
        focus = focusSummary;
        return () =>
          h('div', [
            h(UiErrorSummary, {
              ref: summaryRef,
              errors: [{ fieldId: 'name', message: 'Geben Sie Ihren Namen ein' }],
            }),
            h('input', { id: 'name' }),
          ]);
      },
    });
    const wrapper = mountWithI18n(Form, { attachTo: document.body });
    (wrapper.get('#name').element as HTMLInputElement).focus();
    expect(document.activeElement?.id).toBe('name');
    await focus();
    expect(document.activeElement?.closest('.ui-error-summary')).not.toBeNull();
    wrapper.unmount();
  });
});
