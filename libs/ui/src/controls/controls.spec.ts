// The accessibility wiring every form control shares (label, hint, error, ids), checked the same way
// for each control; behaviour specific to one control lives in its own spec.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Component } from 'vue';
import { uiTestPlugins } from '../i18n';
import { describedBy, expectAccessibleWiring, mountWithI18n } from '../testing';
import UiCheckbox from './UiCheckbox.vue';
import UiCheckboxGroup from './UiCheckboxGroup.vue';
import UiDateInput from './UiDateInput.vue';
import UiFileUpload from './UiFileUpload.vue';
import UiRadioGroup from './UiRadioGroup.vue';
import UiSelect from './UiSelect.vue';
import UiTextarea from './UiTextarea.vue';
import UiTextField from './UiTextField.vue';

const options = [
  { value: 'a', label: 'Antrag' },
  { value: 'b', label: 'Beschwerde', hint: 'Über eine Entscheidung' },
  { value: 'c', label: 'Christbaum' },
];

/** Controls with one input and a `<label>`: the input itself carries describedby and invalid. */
const singleControls: [string, Component, string, Record<string, unknown>][] = [
  ['UiTextField', UiTextField, 'input', {}],
  ['UiTextarea', UiTextarea, 'textarea', {}],
  ['UiSelect', UiSelect, 'select', { options }],
  ['UiFileUpload', UiFileUpload, 'input[type="file"]', {}],
  ['UiCheckbox', UiCheckbox, 'input[type="checkbox"]', {}],
];

describe.each(singleControls)('%s wiring', (_name, component, selector, baseProps) => {
  const render = (props: Record<string, unknown> = {}, slots: Record<string, string> = {}) =>
    mountWithI18n(component, {
      props: { label: 'Frage', ...baseProps, ...props },
      slots,
      attachTo: document.body,
    });

  it('labels the input: the label names exactly the input, by its given id', () => {
    const control = render({ id: 'question' });
    const input = control.get(selector);
    expect(input.attributes('id')).toBe('question');
    expect(control.get('label').attributes('for')).toBe('question');
    expect(control.get('label').text()).toContain('Frage');
    expectAccessibleWiring(control.element);
    control.unmount();
  });

  it('labels the input by a generated id when none is given', () => {
    const control = render();
    const id = control.get(selector).attributes('id');
    expect(id).toMatch(/\S/);
    expect(control.get('label').attributes('for')).toBe(id);
    control.unmount();
  });

  it('has no aria-describedby and no aria-invalid without hint and error', () => {
    const control = render({ id: 'q' });
    const input = control.get(selector);
    expect(input.attributes('aria-describedby')).toBeUndefined();
    expect(input.attributes('aria-invalid')).toBeUndefined();
    expect(control.find('.ui-error-message').exists()).toBe(false);
    control.unmount();
  });

  it('is described by its hint', () => {
    const control = render({ id: 'q', hint: 'So steht es im Ausweis' });
    const input = control.get(selector);
    expect(describedBy(input.element)).toEqual(['q-hint']);
    expect(control.get('#q-hint').text()).toBe('So steht es im Ausweis');
    expect(input.attributes('aria-invalid')).toBeUndefined();
    expectAccessibleWiring(control.element);
    control.unmount();
  });

  it('is described by a hint given as a slot', () => {
    const control = render({ id: 'q' }, { hint: '<strong>Wichtig</strong> für die Zustellung' });
    expect(describedBy(control.get(selector).element)).toEqual(['q-hint']);
    expect(control.get('#q-hint strong').text()).toBe('Wichtig');
    control.unmount();
  });

  it('with an error: invalid, described by hint and error, the error text prefixed for screen readers', () => {
    const control = render({ id: 'q', hint: 'Hinweis', error: 'Geben Sie Ihren Namen ein' });
    const input = control.get(selector);
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(describedBy(input.element)).toEqual(['q-hint', 'q-error']);
    const error = control.get('#q-error');
    expect(error.element.tagName).toBe('P');
    expect(error.classes()).toContain('ui-error-message');
    expect(error.get('.ui-visually-hidden').text()).toBe('Fehler:');
    expect(error.text()).toBe('Fehler: Geben Sie Ihren Namen ein');
    expect(control.classes()).toContain('ui-form-group--error');
    expectAccessibleWiring(control.element);
    control.unmount();
  });

  it('drops the error wiring again when the error is fixed', async () => {
    const control = render({ id: 'q', error: 'Falsch' });
    await control.setProps({ error: undefined });
    const input = control.get(selector);
    expect(input.attributes('aria-invalid')).toBeUndefined();
    expect(input.attributes('aria-describedby')).toBeUndefined();
    expect(control.find('#q-error').exists()).toBe(false);
    control.unmount();
  });

  it('passes other attributes to the input and keeps class on the wrapper', () => {
    const control = render({ id: 'q', name: 'field-name', class: 'app-spacing' });
    expect(control.get(selector).attributes('name')).toBe('field-name');
    expect(control.classes()).toContain('app-spacing');
    expect(control.get(selector).classes()).not.toContain('app-spacing');
    control.unmount();
  });

  it('says "Error:" in English', () => {
    const control = mount(component, {
      props: { label: 'Question', id: 'q', error: 'Enter your name', ...baseProps },
      global: { plugins: uiTestPlugins('en') },
    });
    expect(control.get('#q-error').text()).toBe('Error: Enter your name');
  });
});

/** Controls whose inputs sit in a fieldset: the fieldset carries describedby, the first input the id. */
const groupControls: [string, Component, Record<string, unknown>][] = [
  ['UiRadioGroup', UiRadioGroup, { options }],
  ['UiCheckboxGroup', UiCheckboxGroup, { options }],
  ['UiDateInput', UiDateInput, {}],
];

describe.each(groupControls)('%s wiring', (_name, component, baseProps) => {
  const render = (props: Record<string, unknown> = {}) =>
    mountWithI18n(component, { props: { label: 'Worum geht es?', ...baseProps, ...props } });

  it('groups the inputs in a fieldset whose legend is the question', () => {
    const control = render({ id: 'topic' });
    const fieldset = control.get('fieldset');
    expect(fieldset.get('legend').text()).toContain('Worum geht es?');
    expect(fieldset.findAll('input').length).toBeGreaterThanOrEqual(3);
    expect(fieldset.attributes('aria-describedby')).toBeUndefined();
    expectAccessibleWiring(control.element);
  });

  it('gives the first input exactly the id, so the error summary can link to it', () => {
    const control = render({ id: 'topic' });
    const inputs = control.findAll('input');
    expect(inputs[0]?.attributes('id')).toBe('topic');
    expect(inputs.slice(1).map((input) => input.attributes('id'))).not.toContain('topic');
  });

  it('describes the fieldset by hint and error and marks the inputs invalid', () => {
    const control = render({ id: 'topic', hint: 'Wählen Sie eins', error: 'Wählen Sie aus, worum es geht' });
    expect(describedBy(control.get('fieldset').element)).toEqual(['topic-hint', 'topic-error']);
    expect(control.get('#topic-error').text()).toBe('Fehler: Wählen Sie aus, worum es geht');
    for (const input of control.findAll('input')) expect(input.attributes('aria-invalid')).toBe('true');
    expectAccessibleWiring(control.element);
  });

  it('has no invalid inputs without an error', () => {
    const control = render({ id: 'topic', hint: 'Wählen Sie eins' });
    expect(control.findAll('[aria-invalid]')).toHaveLength(0);
    expect(describedBy(control.get('fieldset').element)).toEqual(['topic-hint']);
  });

  it('renders the legend as the page heading on request', () => {
    const control = render({ id: 'topic', legendIsHeading: true });
    expect(control.get('legend h1').text()).toBe('Worum geht es?');
  });

  it('marks an optional question', () => {
    const control = render({ id: 'topic', optional: true });
    expect(control.get('legend').text()).toBe('Worum geht es? (optional)');
  });
});
