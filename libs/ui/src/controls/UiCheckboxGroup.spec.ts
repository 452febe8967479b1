import { describe, expect, it } from 'vitest';
import { expectAccessibleWiring, mountWithI18n } from '../testing';
import UiCheckboxGroup from './UiCheckboxGroup.vue';

const options = [
  { value: 'mail', label: 'E-Mail' },
  { value: 'sms', label: 'SMS' },
  { value: 'post', label: 'Brief' },
];

describe('UiCheckboxGroup', () => {
  const render = (modelValue: string[] = []) =>
    mountWithI18n(UiCheckboxGroup, {
      props: { label: 'Wie sollen wir Sie benachrichtigen?', id: 'notify', options, modelValue },
    });

  it('renders labelled checkboxes with the ids id, id-2, id-3', () => {
    const group = render();
    expect(group.findAll('input[type="checkbox"]').map((input) => input.attributes('id'))).toEqual([
      'notify',
      'notify-2',
      'notify-3',
    ]);
    expectAccessibleWiring(group.element);
  });

  it('adds a checked value in the order of the options', async () => {
    const group = render(['post']);
    await group.get('#notify').setValue(true);
    expect(group.emitted('update:modelValue')?.at(-1)).toEqual([['mail', 'post']]);
  });

  it('removes an unchecked value', async () => {
    const group = render(['mail', 'sms']);
    expect((group.get('#notify-2').element as HTMLInputElement).checked).toBe(true);
    await group.get('#notify-2').setValue(false);
    expect(group.emitted('update:modelValue')?.at(-1)).toEqual([['mail']]);
  });
});
