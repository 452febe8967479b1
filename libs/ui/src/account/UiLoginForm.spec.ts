import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins } from '../i18n';
import { expectAccessibleWiring } from '../testing';
import { type LoginAttempt, type LoginSteps, useLoginSteps } from './loginSteps';
import UiLoginForm from './UiLoginForm.vue';

/** The shape of the API client's ApiProblem (the library does not import the client). */
class Problem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
  ) {
    super(type);
  }
}

/** A page with the form; `answers` are what the app's log-in does, in turn. */
function render(answers: ((attempt: LoginAttempt) => Promise<'code' | 'done'>)[]) {
  const attempts: LoginAttempt[] = [];
  let login!: LoginSteps;
  const wrapper = mount(
    defineComponent({
      setup() {
        login = useLoginSteps({
          logIn(attempt) {
            attempts.push(attempt);
            const next = answers.shift();
            return next ? next(attempt) : Promise.reject(new Error('no answer'));
          },
        });
        return () => h('main', { id: 'main' }, [h('h1', 'Anmelden'), h(UiLoginForm, { login })]);
      },
    }),
    { attachTo: document.body, global: { plugins: uiTestPlugins('de') } },
  );
  return { wrapper, attempts, login: () => login };
}

describe('the two steps of a log-in form', () => {
  it('checks address and password in the browser before identity is asked', async () => {
    const { wrapper, attempts, login } = render([]);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(attempts).toEqual([]);
    expect(login().summary.value.map((e) => e.message)).toEqual([
      'Geben Sie Ihre E-Mail-Adresse ein',
      'Geben Sie Ihr Passwort ein',
    ]);
    expectAccessibleWiring(wrapper.element);
    wrapper.unmount();
  });

  it('asks for the code when identity wants it, says a wrong code at its field, and sends the right one', async () => {
    const { wrapper, attempts, login } = render([
      () => Promise.resolve('code'),
      () => Promise.reject(new Problem(401, 'mfa-required')),
      () => Promise.resolve('done'),
    ]);
    await wrapper.get('#login-email').setValue(' max@rathaus.example ');
    await wrapper.get('#login-password').setValue('Schalter-2026');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#login-email').exists()).toBe(false);
    const code = wrapper.get('#login-code');
    expect(code.attributes()).toMatchObject({ inputmode: 'numeric', autocomplete: 'one-time-code' });
    expect(document.activeElement?.tagName).toBe('H1');
    await code.setValue('000000');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(login().codeErrors.errors.value.code).toContain('Der Sicherheitscode stimmt nicht');
    await wrapper.get('#login-code').setValue('123 456');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(attempts).toEqual([
      { email: 'max@rathaus.example', password: 'Schalter-2026', totp: undefined },
      { email: 'max@rathaus.example', password: 'Schalter-2026', totp: '000000' },
      { email: 'max@rathaus.example', password: 'Schalter-2026', totp: '123456' },
    ]);
    // the credentials are forgotten once the app took over
    expect([login().password.value, login().code.value]).toEqual(['', '']);
    wrapper.unmount();
  });

  it('says wrong credentials without naming which, and keeps other refusals for the page', async () => {
    const locked = new Problem(429, 'account-locked');
    const { wrapper, login } = render([
      () => Promise.reject(new Problem(401, 'invalid-credentials')),
      () => Promise.reject(locked),
    ]);
    await wrapper.get('#login-email').setValue('max@rathaus.example');
    await wrapper.get('#login-password').setValue('falsch-falsch');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(login().summary.value).toEqual([
      { fieldId: 'login-email', message: 'E-Mail-Adresse oder Passwort sind falsch' },
    ]);
    expect((wrapper.get('#login-password').element as HTMLInputElement).value).toBe('');
    await wrapper.get('#login-password').setValue('wieder-falsch');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(login().summary.value).toEqual([]);
    expect(login().failure.value).toEqual({ error: locked, withCode: false });
    wrapper.unmount();
  });

  it('goes back to another address from the code step', async () => {
    const { wrapper, login } = render([() => Promise.resolve('code')]);
    await wrapper.get('#login-email').setValue('max@rathaus.example');
    await wrapper.get('#login-password').setValue('Schalter-2026');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    await wrapper.get('button.ui-button--link').trigger('click');
    await flushPromises();
    expect(login().step.value).toBe('credentials');
    expect(login().password.value).toBe('');
    expect(wrapper.find('#login-email').exists()).toBe(true);
    wrapper.unmount();
  });
});
