import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { UiAnnouncer } from '@buergeramt/ui';
import { i18n, setLocale } from '../../i18n';
import { session } from '../../services/api';
import { useNotificationsStore } from '../../stores/notifications';
import InboxView from './InboxView.vue';

const Empty = { template: '<h1>elsewhere</h1>' };
let wrapper: VueWrapper | undefined;

const note = (id: string, title: string, readAt: string | null, link: string | null = null) => ({
  id: `0192f0e0-0000-7000-8000-00000000000${id}`,
  type: 'booking-confirmation',
  title,
  body: `Text zu ${title}`,
  link,
  createdAt: '2026-12-01T08:00:00.000Z',
  readAt,
});

const json = (status: number, body: unknown): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

function stubApi(items: unknown[], unreadCount: number): string[] {
  const seen: string[] = [];
  vi.stubGlobal('fetch', (request: Request) => {
    const url = new URL(request.url);
    seen.push(`${request.method} ${url.pathname}`);
    if (request.method === 'POST') return Promise.resolve(json(204, null));
    return Promise.resolve(json(200, { items, nextCursor: null, unreadCount }));
  });
  return seen;
}

async function render() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/konto/nachrichten', name: 'notifications', component: InboxView },
      { path: '/konto/benachrichtigungen', name: 'notification-preferences', component: Empty },
      { path: '/termine/:id', name: 'appointment', component: Empty },
    ],
  });
  await router.push('/konto/nachrichten');
  wrapper = mount(
    { components: { UiAnnouncer }, template: '<main id="main"><RouterView /></main><UiAnnouncer />' },
    { attachTo: document.body, global: { plugins: [pinia, i18n, router] } },
  );
  await flushPromises();
  return { w: wrapper, router, store: useNotificationsStore() };
}

describe('the inbox', () => {
  beforeEach(() => {
    setLocale('de');
    session.start({
      accessToken: 'token-1',
      expiresIn: 600,
      user: { id: 'u1', email: 'erika@example.org', givenName: 'Erika', familyName: 'M', roles: ['citizen'] },
    });
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    session.end('logout', false);
    vi.unstubAllGlobals();
  });

  it('marks unread ones with a word, not colour alone, and marks one read', async () => {
    const seen = stubApi(
      [note('1', 'Ihr Termin ist gebucht', null), note('2', 'Erinnerung', '2026-12-01T09:00:00.000Z')],
      1,
    );
    const { w, store } = await render();
    expect(w.get('h1').text()).toBe('Nachrichten');
    expect(store.unreadCount).toBe(1);
    expect(w.text()).toContain('Sie haben eine ungelesene Nachricht.');
    const [unread, read] = w.findAll('.inbox-item');
    expect(unread!.get('h2').text()).toMatch(/^Neu\s*:\s*Ihr Termin ist gebucht$/);
    expect(read!.get('h2').text()).toBe('Erinnerung');
    expect(read!.find('button').exists()).toBe(false);
    expect(w.get('a[href="/konto/benachrichtigungen"]').text()).toBe('Einstellungen für Benachrichtigungen');

    await unread!.get('button[aria-label="„Ihr Termin ist gebucht“ als gelesen markieren"]').trigger('click');
    await flushPromises();
    expect(seen).toContain('POST /api/v1/notifications/0192f0e0-0000-7000-8000-000000000001/read');
    expect(w.findAll('.inbox-item')[0]!.get('h2').text()).toBe('Ihr Termin ist gebucht');
    expect(store.unreadCount).toBe(0);
    expect(document.activeElement?.textContent?.trim()).toBe('Ihr Termin ist gebucht');
  });

  it('marks one read when it is opened, then follows its link', async () => {
    const seen = stubApi([note('3', 'Termin gebucht', null, '/termine/abc')], 1);
    const { w, router, store } = await render();
    await w.get('.inbox-item a').trigger('click', { button: 0 });
    await flushPromises();
    expect(seen).toContain('POST /api/v1/notifications/0192f0e0-0000-7000-8000-000000000003/read');
    expect(store.unreadCount).toBe(0);
    expect(router.currentRoute.value.fullPath).toBe('/termine/abc');
  });

  it('says so when there is nothing yet', async () => {
    stubApi([], 0);
    const { w } = await render();
    expect(w.text()).toContain('Sie haben noch keine Nachrichten.');
    expect(w.find('.inbox__list').exists()).toBe(false);
  });
});
