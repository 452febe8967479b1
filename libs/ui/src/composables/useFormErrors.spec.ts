import { mount } from '@vue/test-utils';
import { defineComponent } from 'vue';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { uiMessages } from '../i18n';
import { useFormErrors, type FormErrors } from './useFormErrors';

type Field = 'email' | 'password';

function form(messages?: string): FormErrors<Field> {
  const i18n = createI18n({
    legacy: false,
    locale: 'de',
    messages: {
      de: { ...uiMessages.de, login: { errors: { emailRequired: 'Ihre dienstliche Adresse fehlt' } } },
    },
  });
  let errors!: FormErrors<Field>;
  mount(
    defineComponent({
      setup() {
        errors = useFormErrors({ email: 'login-email', password: 'login-password' }, { messages });
        return () => null;
      },
    }),
    { global: { plugins: [i18n] } },
  );
  return errors;
}

/** The shape of the API client's ApiProblem for a 422 (the library does not import the client). */
class Refusal extends Error {
  readonly type = 'validation-failed';
  readonly status = 422;
  constructor(readonly errors: { field: string; message: string; code?: string }[]) {
    super('validation failed');
  }
}

describe('useFormErrors', () => {
  it('shows each field’s message and the same in the summary, in the form’s order, linked to the fields', () => {
    const errors = form();
    expect(errors.show({ password: 'passwordRequired', email: 'emailFormat' })).toBe(true);
    expect(errors.summary.value).toEqual([
      {
        fieldId: 'login-email',
        message: 'Geben Sie eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@beispiel.de',
      },
      { fieldId: 'login-password', message: 'Geben Sie Ihr Passwort ein' },
    ]);
    expect(errors.errors.value.password).toBe('Geben Sie Ihr Passwort ein');
    expect(errors.hasErrors.value).toBe(true);
    expect(errors.show({ email: null })).toBe(false);
    expect(errors.hasErrors.value).toBe(false);
  });

  it('takes the form’s own sentence where it has one, the library’s otherwise', () => {
    const errors = form('login.errors');
    errors.show({ email: 'emailRequired', password: 'passwordRequired' });
    expect(errors.errors.value).toEqual({
      email: 'Ihre dienstliche Adresse fehlt',
      password: 'Geben Sie Ihr Passwort ein',
    });
  });

  it('maps a 422’s field errors onto the form, with a better sentence by code, and ignores other problems', () => {
    const errors = form();
    const refusal = new Refusal([
      { field: '/password', message: 'Identity sagt nein.', code: 'password-common' },
      { field: 'email', message: 'Diese Adresse ist vergeben.' },
      { field: 'unknown', message: 'x' },
    ]);
    expect(
      errors.showProblem(refusal, {
        password: {
          field: 'password',
          message: (e) => (e.code === 'password-common' ? 'passwordCommon' : null),
        },
        email: { field: 'email' },
      }),
    ).toBe(true);
    expect(errors.errors.value.email).toBe('Diese Adresse ist vergeben.');
    expect(errors.errors.value.password).toContain('sehr häufig verwendet');
    expect(errors.showProblem(new Error('offline'), {})).toBe(false);
    errors.clear();
    expect(errors.summary.value).toEqual([]);
  });
});
