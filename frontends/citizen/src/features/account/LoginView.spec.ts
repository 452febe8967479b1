import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, setLocale } from '../../i18n';
import LoginView from './LoginView.vue';

const Empty = { template: '<h1>elsewhere</h1>' };
let wrapper: VueWrapper | undefined;

/** The log-in page, with GET /auth/oidc/providers answering `providers`. */
async function render(providers: { id: string; displayName: string }[]): Promise<VueWrapper> {
  vi.stubGlobal('fetch', (input: Request) => {
    const path = new URL(input.url).pathname;
    if (path === '/api/v1/auth/oidc/providers') {
      return Promise.resolve(
        new Response(JSON.stringify({ items: providers }), {
          headers: { 'content-type': 'application/json' },
        }),
      );
    }
    return Promise.reject(new TypeError(`unexpected request ${path}`));
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/konto/anmelden', name: 'login', component: LoginView },
      { path: '/konto', name: 'account', component: Empty },
      { path: '/konto/registrieren', name: 'register', component: Empty },
      { path: '/konto/passwort-vergessen', name: 'forgot-password', component: Empty },
    ],
  });
  await router.push('/konto/anmelden');
  wrapper = mount(
    { template: '<main id="main"><RouterView /></main>' },
    { attachTo: document.body, global: { plugins: [createPinia(), i18n, router] } },
  );
  await flushPromises();
  return wrapper;
}

describe('the log-in page', () => {
  beforeEach(() => setLocale('de'));
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('offers one button per configured OpenID Connect provider, leading to its start', async () => {
    const w = await render([
      { id: 'bundid', displayName: 'BundID' },
      { id: 'servicekonto-bw', displayName: 'Servicekonto BW' },
    ]);
    const buttons = w.findAll('a.ui-button').filter((a) => a.attributes('href')?.includes('/oidc/'));
    expect(buttons.map((b) => [b.text(), b.attributes('href')])).toEqual([
      ['Mit BundID anmelden', '/api/v1/auth/oidc/bundid/start'],
      ['Mit Servicekonto BW anmelden', '/api/v1/auth/oidc/servicekonto-bw/start'],
    ]);
  });

  it('shows no federated section when no provider is configured', async () => {
    const w = await render([]);
    expect(w.find('#providers-heading').exists()).toBe(false);
    expect(w.findAll('a').some((a) => a.attributes('href')?.includes('/oidc/'))).toBe(false);
  });

  it('names the provider in English too', async () => {
    setLocale('en');
    const w = await render([{ id: 'bundid', displayName: 'BundID' }]);
    expect(w.text()).toContain('Log in with BundID');
  });
});
