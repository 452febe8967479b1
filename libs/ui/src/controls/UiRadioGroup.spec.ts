import { describe, expect, it } from 'vitest';
import { expectAccessibleWiring, mountWithI18n } from '../testing';
import UiRadioGroup from './UiRadioGroup.vue';

const options = [
  { value: 'yes', label: 'Ja' },
  { value: 'no', label: 'Nein', hint: 'Sie können es später ändern' },
];

describe('UiRadioGroup', () => {
  const render = (props: Record<string, unknown> = {}) =>
    mountWithI18n(UiRadioGroup, {
      props: { label: 'Haben Sie einen Ausweis?', id: 'has-id', options, ...props },
    });

  it('renders one labelled radio per option, sharing one name', () => {
    const group = render();
    const radios = group.findAll('input[type="radio"]');
    expect(radios.map((radio) => radio.attributes('id'))).toEqual(['has-id', 'has-id-2']);
    expect(new Set(radios.map((radio) => radio.attributes('name')))).toEqual(new Set(['has-id']));
    expect(group.findAll('label').map((label) => label.text())).toEqual(['Ja', 'Nein']);
    expectAccessibleWiring(group.element);
  });

  it('describes an option by its own hint, whose id cannot clash with the group hint', () => {
    const group = render({ hint: 'Personalausweis oder Reisepass' });
    const second = group.get('#has-id-2');
    expect(second.attributes('aria-describedby')).toBe('has-id-2-item-hint');
    expect(group.get('#has-id-2-item-hint').text()).toBe('Sie können es später ändern');
    expect(group.get('#has-id').attributes('aria-describedby')).toBeUndefined();
    expectAccessibleWiring(group.element);
  });

  it('checks the radio of the model value and emits the chosen value', async () => {
    const group = render({ modelValue: 'no' });
    expect((group.get('#has-id-2').element as HTMLInputElement).checked).toBe(true);
    await group.get('#has-id').setValue(true);
    expect(group.emitted('update:modelValue')).toEqual([['yes']]);
  });

  it('uses a given name', () => {
    const group = render({ name: 'ausweis' });
    expect(group.get('#has-id').attributes('name')).toBe('ausweis');
  });

  it('lays out inline on request', () => {
    expect(render({ inline: true }).get('.ui-radios').classes()).toContain('ui-choices--inline');
  });

  it('disables single options', () => {
    const group = render({ options: [...options, { value: 'x', label: 'Vielleicht', disabled: true }] });
    expect(group.get('#has-id-3').attributes('disabled')).toBeDefined();
  });
});
