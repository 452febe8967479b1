import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiCheckbox from './UiCheckbox.vue';

describe('UiCheckbox', () => {
  it('is a labelled checkbox whose v-model is a boolean', async () => {
    const box = mountWithI18n(UiCheckbox, {
      props: { label: 'Ich bestätige, dass meine Angaben stimmen', id: 'confirm', modelValue: false },
    });
    expect(box.get('label').attributes('for')).toBe('confirm');
    await box.get('input').setValue(true);
    expect(box.emitted('update:modelValue')).toEqual([[true]]);
  });

  it('reflects the model', () => {
    const box = mountWithI18n(UiCheckbox, { props: { label: 'Ja', modelValue: true } });
    expect((box.get('input').element as HTMLInputElement).checked).toBe(true);
  });

  it('shows the error above the checkbox', () => {
    const box = mountWithI18n(UiCheckbox, {
      props: { label: 'Ja', id: 'c', error: 'Bestätigen Sie Ihre Angaben' },
    });
    const children = Array.from((box.element as HTMLElement).children);
    expect(children[0]?.id).toBe('c-error');
  });
});
