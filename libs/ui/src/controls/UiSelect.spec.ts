import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiSelect from './UiSelect.vue';

const options = [
  { value: 'de', label: 'Deutschland' },
  { value: 'at', label: 'Österreich' },
];

describe('UiSelect', () => {
  it('renders the options after an optional empty placeholder', () => {
    const select = mountWithI18n(UiSelect, {
      props: { label: 'Land', options, placeholder: 'Bitte auswählen' },
    });
    expect(select.findAll('option').map((option) => [option.attributes('value'), option.text()])).toEqual([
      ['', 'Bitte auswählen'],
      ['de', 'Deutschland'],
      ['at', 'Österreich'],
    ]);
  });

  it('selects the model value and emits the chosen one', async () => {
    const select = mountWithI18n(UiSelect, { props: { label: 'Land', options, modelValue: 'at' } });
    expect((select.get('select').element as HTMLSelectElement).value).toBe('at');
    await select.get('select').setValue('de');
    expect(select.emitted('update:modelValue')).toEqual([['de']]);
  });
});
