import { describe, expect, it } from 'vitest';
import { defineComponent, ref } from 'vue';
import { expectAccessibleWiring, mountWithI18n } from '../testing';
import type { UiDateParts } from '../types';
import UiDateInput from './UiDateInput.vue';

describe('UiDateInput', () => {
  const render = (props: Record<string, unknown> = {}) =>
    mountWithI18n(UiDateInput, { props: { label: 'Geburtsdatum', id: 'dob', ...props } });

  it('renders day, month and year as labelled numeric text fields', () => {
    const date = render();
    const inputs = date.findAll('input');
    expect(inputs.map((input) => input.attributes('id'))).toEqual(['dob', 'dob-month', 'dob-year']);
    expect(date.findAll('label').map((label) => label.text())).toEqual(['Tag', 'Monat', 'Jahr']);
    for (const input of inputs) {
      expect(input.attributes('type')).toBe('text');
      expect(input.attributes('inputmode')).toBe('numeric');
    }
    expectAccessibleWiring(date.element);
  });

  it('emits the ISO date once all three fields form a real date', async () => {
    const date = render({ modelValue: '' });
    await date.get('#dob').setValue('5');
    await date.get('#dob-month').setValue('3');
    expect(date.emitted('update:modelValue')).toBeUndefined();
    await date.get('#dob-year').setValue('1990');
    expect(date.emitted('update:modelValue')).toEqual([['1990-03-05']]);
  });

  it('fills the fields from an ISO model value', () => {
    const date = render({ modelValue: '2001-12-24' });
    expect(date.findAll('input').map((input) => (input.element as HTMLInputElement).value)).toEqual([
      '24',
      '12',
      '2001',
    ]);
  });

  it('keeps partial input while the model is empty, and exposes it as parts', async () => {
    const Host = defineComponent({
      components: { UiDateInput },
      setup: () => ({ value: ref('1990-03-05'), parts: ref<UiDateParts>({ day: '', month: '', year: '' }) }),
      template: '<UiDateInput id="dob" label="Datum" v-model="value" v-model:parts="parts" />',
    });
    const host = mountWithI18n(Host);
    await host.get('#dob-year').setValue('19');
    const state = host.vm as unknown as { value: string; parts: UiDateParts };
    expect(state.value).toBe('');
    expect(state.parts).toEqual({ day: '5', month: '3', year: '19' });
    expect((host.get('#dob-year').element as HTMLInputElement).value).toBe('19');
    expect((host.get('#dob').element as HTMLInputElement).value).toBe('5');
  });

  it('clears the fields when the app resets a complete date', async () => {
    const date = render({ modelValue: '2001-12-24' });
    await date.setProps({ modelValue: '' });
    expect(date.findAll('input').map((input) => (input.element as HTMLInputElement).value)).toEqual([
      '',
      '',
      '',
    ]);
  });

  it('marks only the field named by errorPart', () => {
    const date = render({ error: 'Das Datum muss einen Monat enthalten', errorPart: 'month' });
    expect(date.findAll('[aria-invalid="true"]').map((input) => input.attributes('id'))).toEqual([
      'dob-month',
    ]);
    expect(date.get('#dob-month').classes()).toContain('ui-input--error');
    expect(date.get('#dob').classes()).not.toContain('ui-input--error');
  });

  it('marks several parts', () => {
    const date = render({ error: 'Monat und Jahr fehlen', errorPart: ['month', 'year'] });
    expect(date.findAll('[aria-invalid="true"]').map((input) => input.attributes('id'))).toEqual([
      'dob-month',
      'dob-year',
    ]);
  });

  it('ignores errorPart without an error', () => {
    expect(render({ errorPart: 'day' }).findAll('[aria-invalid]')).toHaveLength(0);
  });

  it('sets the birthday autocomplete tokens', () => {
    const date = render({ autocomplete: 'bday' });
    expect(date.findAll('input').map((input) => input.attributes('autocomplete'))).toEqual([
      'bday-day',
      'bday-month',
      'bday-year',
    ]);
  });
});
