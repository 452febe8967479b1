import { describe, expect, it } from 'vitest';
import { describedBy, expectAccessibleWiring, mountWithI18n } from '../testing';
import { describeField } from './fieldModel';
import { germanTexts, testForm } from './testing';
import type { UiFormValues } from './types';
import UiFormField from './UiFormField.vue';

const uiField = (name: string) => testForm.ui.sections.flatMap((s) => s.fields).find((f) => f.name === name)!;

function render(name: string, values: UiFormValues = {}, errors: Record<string, string> = {}) {
  const field = describeField(testForm, uiField(name), values, { locale: 'de', texts: germanTexts });
  return mountWithI18n(UiFormField, {
    props: { form: testForm, field, values, errors, locale: 'de' },
  });
}

/** The label (or legend) text, the hint and the error, and the control's description and validity. */
function wiring(wrapper: ReturnType<typeof render>, controlSelector: string) {
  const control = wrapper.get(controlSelector).element;
  return {
    describedBy: describedBy(control),
    invalid: control.getAttribute('aria-invalid'),
  };
}

describe('UiFormField', () => {
  it.each([
    ['applicant.givenName', 'input', 'Vorname(n)'],
    ['applicant.phone', 'input', 'Telefon'],
    ['remarks', 'textarea', 'Bemerkungen'],
    ['dogs', 'input', 'Anzahl Hunde'],
    ['zone', 'select', 'Bewohnerparkzone'],
  ])('renders %s with its label, hint and error wired to the %s', (name, tag, label) => {
    const id = `field-${name.replace('.', '-')}`;
    const plain = render(name);
    expect(plain.get(`label[for="${id}"]`).text()).toContain(label);
    expect(plain.get(`#${id}`).element.tagName).toBe(tag.toUpperCase());
    expectAccessibleWiring(plain.element);
    plain.unmount();

    const wrong = render(name, {}, { [name]: 'ist ein Pflichtfeld' });
    expect(wrong.get(`#${id}-error`).text()).toContain(`${label} ist ein Pflichtfeld`);
    expect(wiring(wrong, `#${id}`)).toMatchObject({ invalid: 'true' });
    expect(wiring(wrong, `#${id}`).describedBy).toContain(`${id}-error`);
    expectAccessibleWiring(wrong.element);
    wrong.unmount();
  });

  it('describes a field by its help text', () => {
    const remarks = render('remarks');
    expect(remarks.get('#field-remarks-hint').text()).toBe('Was wir wissen sollten');
    expect(describedBy(remarks.get('#field-remarks').element)).toContain('field-remarks-hint');
  });

  it('wires radios, checkboxes and dates through their fieldset and legend', () => {
    for (const [name, id] of [
      ['vehicleHolder', 'field-vehicleHolder'],
      ['topics', 'field-topics'],
      ['applicant.birthDate', 'field-applicant-birthDate'],
    ] as const) {
      const group = render(name, {}, { [name]: 'ist ein Pflichtfeld' });
      const fieldset = group.get('fieldset');
      expect(fieldset.get('legend').text()).toContain(uiField(name).label.de);
      expect(describedBy(fieldset.element)).toContain(`${id}-error`);
      expect(group.get(`#${id}`).attributes('aria-invalid')).toBe('true');
      expectAccessibleWiring(group.element);
      group.unmount();
    }
  });

  it('marks fields the schema does not require as optional, once, and required inputs for assistive technology', () => {
    const phone = render('applicant.phone');
    expect(phone.get('label').text()).toBe('Telefon (optional)');
    expect(phone.get('input').attributes('aria-required')).toBeUndefined();
    const email = render('applicant.email');
    expect(email.get('label').text()).toBe('E-Mail (optional)');
    const name = render('applicant.givenName');
    expect(name.get('label').text()).toBe('Vorname(n)');
    expect(name.get('input').attributes('aria-required')).toBe('true');
  });

  it('fills in autocomplete and the keyboard', () => {
    expect(render('applicant.givenName').get('input').attributes('autocomplete')).toBe('given-name');
    expect(render('applicant.email').get('input').attributes()).toMatchObject({
      type: 'email',
      autocomplete: 'email',
    });
    expect(render('applicant.phone').get('input').attributes()).toMatchObject({
      type: 'tel',
      autocomplete: 'tel',
    });
    expect(render('dogs').get('input').attributes()).toMatchObject({ type: 'text', inputmode: 'numeric' });
    expect(render('postalCode').get('input').attributes('inputmode')).toBe('numeric');
    const birth = render('applicant.birthDate');
    expect(birth.findAll('input').map((input) => input.attributes('autocomplete'))).toEqual([
      'bday-day',
      'bday-month',
      'bday-year',
    ]);
  });

  it('emits the answer the schema wants: text, number, chosen value, boolean, list', async () => {
    const text = render('applicant.givenName');
    await text.get('input').setValue('Erika');
    await text.get('input').setValue('');
    expect(text.emitted('update')).toEqual([
      ['applicant.givenName', 'Erika'],
      ['applicant.givenName', undefined],
    ]);

    const number = render('dogs');
    await number.get('input').setValue('2');
    await number.get('input').setValue('2,5');
    expect(number.emitted('update')).toEqual([
      ['dogs', 2],
      ['dogs', '2,5'],
    ]);
    expect((number.get('input').element as HTMLInputElement).value).toBe('2,5');

    const select = render('zone');
    await select.get('select').setValue('3');
    expect(select.emitted('update')).toEqual([['zone', 'Obertor']]);
    expect(select.get('option').text()).toBe('Bitte auswählen');

    const radio = render('vehicleHolder');
    expect(radio.findAll('label').map((label) => label.text())).toEqual([
      'Ich selbst',
      'Eine Firma',
      'Eine andere Person',
    ]);
    await radio.get('#field-vehicleHolder-2').setValue(true);
    expect(radio.emitted('update')).toEqual([['vehicleHolder', 'company']]);

    const checkbox = render('newsletter');
    await checkbox.get('input').setValue(true);
    expect(checkbox.emitted('update')).toEqual([['newsletter', true]]);

    const group = render('topics', { topics: ['waste'] });
    await group.get('#field-topics').setValue(true);
    expect(group.emitted('update')).toEqual([['topics', ['parking', 'waste']]]);
  });

  it('labels radios and a checkbox group by the ui’s options', () => {
    const holder = {
      name: 'vehicleHolder',
      label: { de: 'Halter', en: 'Keeper' },
      options: { self: { de: 'Ich selbst', en: 'Myself' }, company: { de: 'Eine Firma', en: 'A company' } },
    };
    const field = describeField(testForm, holder, {}, { locale: 'en', texts: germanTexts });
    const radio = mountWithI18n(UiFormField, { props: { form: testForm, field, values: {}, locale: 'en' } });
    expect(radio.findAll('label').map((label) => label.text())).toEqual([
      'Myself',
      'A company',
      'Eine andere Person',
    ]);
    expect(
      render('topics')
        .findAll('label')
        .map((label) => label.text()),
    ).toEqual(['Parken', 'waste']);
  });

  it('keeps a date that does not exist as typed, and shows a stored one', async () => {
    const date = render('applicant.birthDate');
    await date.get('#field-applicant-birthDate').setValue('31');
    await date.get('#field-applicant-birthDate-month').setValue('2');
    await date.get('#field-applicant-birthDate-year').setValue('2024');
    expect(date.emitted('update')?.at(-1)).toEqual(['applicant.birthDate', '31.2.2024']);
    await date.get('#field-applicant-birthDate').setValue('29');
    expect(date.emitted('update')?.at(-1)).toEqual(['applicant.birthDate', '2024-02-29']);

    const typed = render('applicant.birthDate', { applicant: { birthDate: '31.2.2024' } });
    const shown = (wrapper: typeof typed) =>
      wrapper.findAll('input').map((input) => (input.element as HTMLInputElement).value);
    expect(shown(typed)).toEqual(['31', '2', '2024']);
    expect(shown(render('applicant.birthDate', { applicant: { birthDate: '1964-08-12' } }))).toEqual([
      '12',
      '8',
      '1964',
    ]);
  });

  it('shows Ja/Nein radios side by side for a boolean asked as radios', () => {
    const field = describeField(
      testForm,
      { name: 'newsletter', label: { de: 'Newsletter?', en: 'Newsletter?' }, widget: 'radio' },
      {},
      { locale: 'de', texts: germanTexts },
    );
    const radios = mountWithI18n(UiFormField, {
      props: { form: testForm, field, values: { newsletter: false }, locale: 'de' },
    });
    expect(radios.findAll('label').map((label) => label.text())).toEqual(['Ja', 'Nein']);
    expect(radios.get('.ui-radios').classes()).toContain('ui-choices--inline');
    expect((radios.get('#field-newsletter-2').element as HTMLInputElement).checked).toBe(true);
  });

  it('says so instead of guessing when it cannot show a field', () => {
    const field = describeField(
      testForm,
      { name: 'applicant', label: { de: 'Person', en: 'Person' } },
      {},
      { locale: 'de', texts: germanTexts },
    );
    const wrapper = mountWithI18n(UiFormField, {
      props: { form: testForm, field, values: {}, locale: 'de' },
    });
    expect(wrapper.text()).toContain('Dieses Feld kann hier nicht angezeigt werden.');
    expect(wrapper.find('input').exists()).toBe(false);
  });
});
