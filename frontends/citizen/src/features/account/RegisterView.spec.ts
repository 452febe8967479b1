import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { i18n, setLocale } from '../../i18n';
import RegisterView from './RegisterView.vue';

// relative '/api/v1/…' URLs resolve against the page, as in the browser (Node's Request needs absolute ones)
const Empty = { template: '<h1>next</h1>' };
let wrapper: VueWrapper | undefined;
let router: Router;

async function render(): Promise<VueWrapper> {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/konto/registrieren', name: 'register', component: RegisterView },
      { path: '/konto/registrieren/gesendet', name: 'account-register-sent', component: Empty },
      { path: '/konto/anmelden', name: 'login', component: Empty },
    ],
  });
  await router.push('/konto/registrieren');
  wrapper = mount(
    { template: '<main id="main"><RouterView /></main>' },
    {
      attachTo: document.body,
      global: { plugins: [createPinia(), i18n, router] },
    },
  );
  await flushPromises();
  return wrapper;
}

async function fill(w: VueWrapper, values: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(values)) await w.get(`#${id}`).setValue(value);
}

const sent: unknown[] = [];
function answer(status: number, body?: unknown): void {
  vi.stubGlobal('fetch', async (input: Request) => {
    sent.push(JSON.parse(await input.text()));
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { 'content-type': 'application/problem+json' },
    });
  });
}

const summaryLinks = (w: VueWrapper) =>
  w.findAll('.ui-error-summary a').map((a) => [a.attributes('href'), a.text()]);

describe('the registration form', () => {
  beforeEach(() => {
    setLocale('de');
    sent.length = 0;
  });
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('checks in the browser first: error summary (focused) with a link per field, inline errors, "Fehler: " title', async () => {
    answer(202);
    const w = await render();
    await fill(w, { 'register-email': 'erika@', 'register-password': 'kurz' });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(summaryLinks(w)).toEqual([
      ['#register-given-name', 'Geben Sie Ihren Vornamen ein'],
      ['#register-family-name', 'Geben Sie Ihren Nachnamen ein'],
      [
        '#register-email',
        'Geben Sie eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@beispiel.de',
      ],
      ['#register-password', 'Das Passwort muss mindestens 10 Zeichen lang sein'],
    ]);
    expect(document.activeElement?.classList.contains('ui-error-summary')).toBe(true);
    const email = w.get('#register-email');
    expect(email.attributes('aria-invalid')).toBe('true');
    expect(email.attributes('aria-describedby')).toContain('register-email-error');
    expect(w.get('#register-email-error').text()).toContain('richtigen Format');
    expect(document.title.startsWith('Fehler: Konto erstellen')).toBe(true);
    expect(sent).toEqual([]);
  });

  it('sends a valid registration with the current language and goes on to "check your mail"', async () => {
    answer(202);
    const w = await render();
    expect((w.get('#register-locale').element as HTMLInputElement).checked).toBe(true); // Deutsch
    await fill(w, {
      'register-given-name': ' Erika ',
      'register-family-name': 'Mustermann',
      'register-email': ' erika@example.org ',
      'register-password': 'Kerze Fahrrad Nebel',
    });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([
      {
        givenName: 'Erika',
        familyName: 'Mustermann',
        email: 'erika@example.org',
        password: 'Kerze Fahrrad Nebel',
        locale: 'de',
      },
    ]);
    expect(router.currentRoute.value.name).toBe('account-register-sent');
    expect(router.options.history.state).toMatchObject({ email: 'erika@example.org' });
    // the address is not put into the URL
    expect(router.currentRoute.value.fullPath).not.toContain('erika');
  });

  it('maps identity’s 422 onto the fields: our explanation for a password code, identity’s sentence otherwise', async () => {
    answer(422, {
      type: 'validation-failed',
      title: 'Validation failed',
      status: 422,
      errors: [
        { field: 'password', code: 'password-common', message: 'Dieses Passwort ist zu bekannt.' },
        { field: 'givenName', message: 'Der Vorname darf nur Buchstaben enthalten.' },
      ],
    });
    const w = await render();
    await fill(w, {
      'register-given-name': 'Erika',
      'register-family-name': 'Mustermann',
      'register-email': 'erika@example.org',
      'register-password': 'Password123',
    });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(summaryLinks(w)).toEqual([
      ['#register-given-name', 'Der Vorname darf nur Buchstaben enthalten.'],
      [
        '#register-password',
        'Dieses Passwort wird sehr häufig verwendet und wird deshalb zuerst ausprobiert. Wählen Sie ein anderes, zum Beispiel aus drei oder vier zufälligen Wörtern',
      ],
    ]);
    expect(w.get('#register-password').attributes('aria-invalid')).toBe('true');
    expect(router.currentRoute.value.name).toBe('register');
  });

  it('explains a failure that is not about a field, without losing the input', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const w = await render();
    await fill(w, {
      'register-given-name': 'Erika',
      'register-family-name': 'Mustermann',
      'register-email': 'erika@example.org',
      'register-password': 'Kerze Fahrrad Nebel',
    });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('[role="alert"].ui-problem').text()).toContain('Internetverbindung');
    expect((w.get('#register-email').element as HTMLInputElement).value).toBe('erika@example.org');
  });
});
