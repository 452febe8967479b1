import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, nextTick } from 'vue';
import UiDateInput from '../controls/UiDateInput.vue';
import UiRadioGroup from '../controls/UiRadioGroup.vue';
import UiTextField from '../controls/UiTextField.vue';
import { expectAccessibleWiring, mountWithI18n } from '../testing';
import type { UiErrorSummaryItem } from '../types';
import UiErrorSummary from './UiErrorSummary.vue';

/** A form as an app builds it: the summary above, the fields with the same ids below. */
const Form = defineComponent({
  components: { UiErrorSummary, UiTextField, UiRadioGroup, UiDateInput },
  props: {
    errors: { type: Array as () => UiErrorSummaryItem[], default: () => [] },
    disableAutoFocus: { type: Boolean, default: false },
  },
  template: `
    <form>
      <UiErrorSummary ref="summary" :errors="errors" :disable-auto-focus="disableAutoFocus" />
      <UiTextField id="name" label="Name" :error="errors.find((e) => e.fieldId === 'name')?.message" />
      <UiRadioGroup id="contact" label="Kontakt" :options="[{ value: 'mail', label: 'E-Mail' }, { value: 'tel', label: 'Telefon' }]" />
      <UiDateInput id="dob" label="Geburtsdatum" />
    </form>`,
});

const errors: UiErrorSummaryItem[] = [
  { fieldId: 'name', message: 'Geben Sie Ihren Namen ein' },
  { fieldId: 'contact', message: 'Wählen Sie aus, wie wir Sie erreichen' },
  { fieldId: 'dob-month', message: 'Das Datum muss einen Monat enthalten' },
];

describe('UiErrorSummary', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  const render = (items: UiErrorSummaryItem[] = errors) => {
    const form = mountWithI18n(Form, { props: { errors: items }, attachTo: document.body });
    unmount = () => form.unmount();
    return form;
  };

  it('renders nothing without errors', () => {
    const form = render([]);
    expect(form.find('.ui-error-summary').exists()).toBe(false);
  });

  it('is an alert labelled by its heading, focusable by script only', () => {
    const summary = render().get('.ui-error-summary');
    expect(summary.attributes()).toMatchObject({ role: 'alert', tabindex: '-1' });
    const heading = summary.get('h2');
    expect(heading.text()).toBe('Es gibt ein Problem');
    expect(summary.attributes('aria-labelledby')).toBe(heading.attributes('id'));
    expectAccessibleWiring(summary.element);
  });

  it('links every error to an existing field', () => {
    const form = render();
    const links = form.findAll('.ui-error-summary a');
    expect(links.map((link) => [link.attributes('href'), link.text()])).toEqual(
      errors.map((error) => [`#${error.fieldId}`, error.message]),
    );
    for (const link of links) {
      const id = link.attributes('href')?.slice(1) ?? '';
      expect(document.getElementById(id), id).not.toBeNull();
    }
  });

  it('takes focus when it appears', async () => {
    const form = render();
    await nextTick();
    expect(document.activeElement).toBe(form.get('.ui-error-summary').element);
  });

  it('takes focus again when its list changes after another submit', async () => {
    const form = render([errors[0] as UiErrorSummaryItem]);
    await nextTick();
    form.get<HTMLInputElement>('#name').element.focus();
    await form.setProps({ errors });
    await nextTick();
    expect(document.activeElement).toBe(form.get('.ui-error-summary').element);
  });

  it('moves focus to a text field and scrolls its label into view', async () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    const form = render();
    await form.get('.ui-error-summary a[href="#name"]').trigger('click');
    expect(document.activeElement?.id).toBe('name');
    expect(scroll.mock.contexts[0]).toBe(form.get('label[for="name"]').element);
    delete (Element.prototype as Partial<Element>).scrollIntoView;
  });

  it('moves focus to the first radio of a group and scrolls the legend into view', async () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    const form = render();
    await form.get('.ui-error-summary a[href="#contact"]').trigger('click');
    expect(document.activeElement).toBe(form.findAll('input[type="radio"]')[0]?.element);
    expect((scroll.mock.contexts[0] as Element).tagName).toBe('LEGEND');
    delete (Element.prototype as Partial<Element>).scrollIntoView;
  });

  it('moves focus to one part of a date', async () => {
    const form = render();
    await form.get('.ui-error-summary a[href="#dob-month"]').trigger('click');
    expect(document.activeElement?.id).toBe('dob-month');
  });

  it('exposes focus() for a repeated submit with the same errors', async () => {
    const form = mountWithI18n(Form, { props: { errors, disableAutoFocus: true }, attachTo: document.body });
    unmount = () => form.unmount();
    await nextTick();
    expect(document.activeElement).not.toBe(form.get('.ui-error-summary').element);
    (form.vm.$refs.summary as { focus: () => void }).focus();
    expect(document.activeElement).toBe(form.get('.ui-error-summary').element);
  });
});
