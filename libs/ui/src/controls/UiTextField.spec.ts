import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiTextField from './UiTextField.vue';

describe('UiTextField', () => {
  it('emits the typed text as a string, also for type number', async () => {
    const field = mountWithI18n(UiTextField, { props: { label: 'Anzahl', type: 'number', modelValue: '' } });
    await field.get('input').setValue('42');
    expect(field.emitted('update:modelValue')).toEqual([['42']]);
  });

  it('shows the model value', () => {
    const field = mountWithI18n(UiTextField, { props: { label: 'Ort', modelValue: 'Musterstadt' } });
    expect((field.get('input').element as HTMLInputElement).value).toBe('Musterstadt');
  });

  it('passes type, autocomplete and inputmode to the input', () => {
    const field = mountWithI18n(UiTextField, {
      props: { label: 'E-Mail', type: 'email', autocomplete: 'email', inputmode: 'email' },
    });
    expect(field.get('input').attributes()).toMatchObject({
      type: 'email',
      autocomplete: 'email',
      inputmode: 'email',
    });
  });

  it('keeps the capitalisation and spell check a page asks for, and never for a password', () => {
    const reference = mountWithI18n(UiTextField, {
      props: { label: 'Buchungsnummer' },
      attrs: { autocapitalize: 'characters', spellcheck: 'false', autocorrect: 'off' },
    });
    expect(reference.get('input').attributes()).toMatchObject({
      autocapitalize: 'characters',
      spellcheck: 'false',
      autocorrect: 'off',
    });
    const password = mountWithI18n(UiTextField, {
      props: { label: 'Passwort', type: 'password' },
      attrs: { autocapitalize: 'characters', spellcheck: 'true' },
    });
    expect(password.get('input').attributes()).toMatchObject({ autocapitalize: 'none', spellcheck: 'false' });
  });

  it('marks an optional field in its label, not the required ones', () => {
    const optional = mountWithI18n(UiTextField, { props: { label: 'Telefon', optional: true } });
    expect(optional.get('label').text()).toBe('Telefon (optional)');
    const required = mountWithI18n(UiTextField, { props: { label: 'Name' } });
    expect(required.get('label').text()).toBe('Name');
  });

  it('gives a password field’s width to the input and its show/hide button together', () => {
    const field = mountWithI18n(UiTextField, {
      props: { label: 'Passwort', type: 'password', width: 'two-thirds' },
    });
    expect(field.get('.ui-password').classes()).toContain('ui-input--width-two-thirds');
    expect(field.get('input').classes()).not.toContain('ui-input--width-two-thirds');
  });

  it('applies the width class', () => {
    const field = mountWithI18n(UiTextField, { props: { label: 'PLZ', width: 'char-5' } });
    expect(field.get('input').classes()).toContain('ui-input--width-char-5');
  });

  it('can put its label into the page heading', () => {
    const field = mountWithI18n(UiTextField, {
      props: { label: 'Wie heißen Sie?', labelIsHeading: true, id: 'n' },
    });
    expect(field.get('h1 label').attributes('for')).toBe('n');
  });

  it('lets a password be shown and hidden with a toggle button', async () => {
    const field = mountWithI18n(UiTextField, { props: { label: 'Passwort', type: 'password', id: 'pw' } });
    const input = () => field.get('input');
    const toggle = field.get('button');
    expect(input().attributes('type')).toBe('password');
    expect(toggle.attributes()).toMatchObject({
      type: 'button',
      'aria-pressed': 'false',
      'aria-controls': 'pw',
      'aria-label': 'Passwort anzeigen',
    });
    expect(toggle.text()).toBe('Anzeigen');

    await toggle.trigger('click');
    expect(input().attributes('type')).toBe('text');
    expect(toggle.attributes('aria-pressed')).toBe('true');

    await toggle.trigger('click');
    expect(input().attributes('type')).toBe('password');
    expect(toggle.attributes('aria-pressed')).toBe('false');
  });

  it('has no toggle for other types', () => {
    const field = mountWithI18n(UiTextField, { props: { label: 'Name' } });
    expect(field.find('button').exists()).toBe(false);
  });
});
