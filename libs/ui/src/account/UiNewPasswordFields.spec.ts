import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins } from '../i18n';
import { expectAccessibleWiring } from '../testing';
import { type NewPasswordForm, useNewPasswordForm } from './newPassword';
import UiNewPasswordFields from './UiNewPasswordFields.vue';

function render() {
  let form!: NewPasswordForm;
  const wrapper = mount(
    defineComponent({
      setup() {
        form = useNewPasswordForm('invitation');
        return () => h(UiNewPasswordFields, { form, email: 'max@rathaus.example' });
      },
    }),
    { global: { plugins: uiTestPlugins('de') } },
  );
  return { wrapper, form };
}

/** The shape of the API client's ApiProblem (the library does not import the client). */
class Problem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly errors: { field: string; message: string; code?: string }[] = [],
  ) {
    super(type);
  }
}

describe('a new password, typed twice', () => {
  it('labels both fields, with the rules as the first one’s hint', () => {
    const { wrapper } = render();
    expect(wrapper.get('label[for="invitation-password"]').text()).toBe('Neues Passwort');
    expect(wrapper.get('label[for="invitation-password-repeat"]').text()).toBe('Neues Passwort wiederholen');
    expect(wrapper.get('#invitation-password-hint').text()).toContain('hat mindestens 10 Zeichen');
    expect(wrapper.get('#invitation-password-hint').text()).toContain('ist nicht Ihre E-Mail-Adresse');
    expectAccessibleWiring(wrapper.element);
  });

  it('checks identity’s rules in the browser first, sends the password, and forgets what was typed', async () => {
    const { wrapper, form } = render();
    const sent: string[] = [];
    const send = (password: string) => {
      sent.push(password);
      return Promise.resolve();
    };
    await wrapper.get('#invitation-password').setValue('kurz');
    await expect(form.submit(send)).resolves.toBe(false);
    expect(form.errors.summary.value.map((e) => e.fieldId)).toEqual([
      'invitation-password',
      'invitation-password-repeat',
    ]);
    await wrapper.get('#invitation-password').setValue('Kerze Fahrrad Nebel');
    await wrapper.get('#invitation-password-repeat').setValue('Kerze Fahrrad Nebel');
    await expect(form.submit(send)).resolves.toBe(true);
    expect(sent).toEqual(['Kerze Fahrrad Nebel']);
    expect(wrapper.find('[aria-invalid="true"]').exists()).toBe(false);
    expect([form.password.value, form.repeat.value]).toEqual(['', '']);
  });

  it('says identity’s refusal of the password at the field, and keeps a refused link or other failure for the page', async () => {
    const { wrapper, form } = render();
    const typed = async () => {
      await wrapper.get('#invitation-password').setValue('Passwort12345');
      await wrapper.get('#invitation-password-repeat').setValue('Passwort12345');
    };
    await typed();
    const refuse = (error: Error) => () => Promise.reject(error);
    await form.submit(
      refuse(
        new Problem(422, 'validation-failed', [{ field: 'password', message: 'x', code: 'password-common' }]),
      ),
    );
    expect(form.errors.errors.value.password).toContain('sehr häufig verwendet');
    expect(form.failure.value).toBeNull();
    for (const link of [
      new Problem(400, 'invalid-token'),
      new Problem(422, 'validation-failed', [{ field: 'token', message: 'ungültig' }]),
    ]) {
      await form.submit(refuse(link));
      expect(form.failure.value).toBe('invalid-link');
    }
    const offline = new Problem(0, 'network-error');
    await form.submit(refuse(offline));
    expect(form.failure.value).toEqual({ error: offline });
    expect(form.busy.value).toBe(false);
  });
});
