import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { UiAnnouncer } from '@buergeramt/ui';
import { i18n, setLocale } from '../../i18n';
import MyDocumentsView from './MyDocumentsView.vue';

const Empty = { template: '<h1>elsewhere</h1>' };
let wrapper: VueWrapper | undefined;

const upload = {
  id: '0192f0e0-0000-7000-8000-000000000001',
  filename: 'pass.pdf',
  mediaType: 'application/pdf',
  size: 2 * 1024 * 1024,
  sha256: 'ab'.repeat(32),
  status: 'clean',
  kind: 'upload',
  createdAt: '2026-12-01T08:00:00.000Z',
};
const issued = {
  ...upload,
  id: '0192f0e0-0000-7000-8000-000000000002',
  filename: 'bescheid.pdf',
  size: 80 * 1024,
  kind: 'issued',
  applicationId: '0192f0e0-0000-7000-8000-00000000aaaa',
  verificationCode: 'K7QM-2XPA-93TD',
};

const json = (status: number, body: unknown): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

/** fetch: the list, and DELETE answered by `onDelete`; records the requests. */
function stubApi(onDelete: () => Response): string[] {
  const seen: string[] = [];
  vi.stubGlobal('fetch', (request: Request) => {
    const url = new URL(request.url);
    seen.push(`${request.method} ${url.pathname}`);
    if (request.method === 'GET' && url.pathname === '/api/v1/documents') {
      return Promise.resolve(json(200, { items: [upload, issued], nextCursor: null }));
    }
    if (request.method === 'DELETE') return Promise.resolve(onDelete());
    if (url.pathname.endsWith('/content')) {
      return Promise.resolve(
        new Response(new Blob(['%PDF-']), { headers: { 'content-type': 'application/pdf' } }),
      );
    }
    return Promise.reject(new TypeError(`unexpected ${request.method} ${url.pathname}`));
  });
  return seen;
}

async function render(): Promise<VueWrapper> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/konto/dokumente', name: 'my-documents', component: MyDocumentsView },
      { path: '/antraege/:id', name: 'application', component: Empty },
    ],
  });
  await router.push('/konto/dokumente');
  wrapper = mount(
    { components: { UiAnnouncer }, template: '<main id="main"><RouterView /></main><UiAnnouncer />' },
    { attachTo: document.body, global: { plugins: [createPinia(), i18n, router] } },
  );
  await flushPromises();
  return wrapper;
}

const card = (w: VueWrapper, name: string) => {
  const found = w.findAll('.document-card').find((li) => li.get('h3').text() === name);
  if (!found) throw new Error(`no document ${name}`);
  return found;
};

async function deleteByDialog(w: VueWrapper, name: string): Promise<void> {
  await card(w, name).get(`button[aria-label="${name} löschen"]`).trigger('click');
  await flushPromises();
  const dialog = w.get('dialog.ui-dialog');
  expect(dialog.attributes('open')).toBeDefined();
  expect(dialog.text()).toContain(`„${name}“ wird endgültig gelöscht.`);
  await dialog.get('[data-dialog-confirm]').trigger('click');
  await flushPromises();
}

describe('My documents', () => {
  beforeEach(() => setLocale('de'));
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    vi.unstubAllGlobals();
  });

  it('lists uploads and issued documents with kind, type, size, date, and the code and application of an issued one', async () => {
    stubApi(() => json(204, null));
    const w = await render();
    expect(w.get('h1').text()).toBe('Meine Dokumente');
    const mine = card(w, 'pass.pdf');
    expect(mine.text()).toContain('Von Ihnen hochgeladen');
    expect(mine.text()).toContain('PDF');
    expect(mine.text()).toContain('2 MB');
    expect(mine.text()).toContain('Hochgeladen am');
    expect(mine.text()).toContain('1. Dezember 2026 um 09:00');
    expect(mine.find('button[aria-label="pass.pdf löschen"]').exists()).toBe(true);

    const letter = card(w, 'bescheid.pdf');
    expect(letter.text()).toContain('Von der Stadt ausgestellt');
    expect(letter.text()).toContain('K7QM-2XPA-93TD');
    expect(letter.get('a').attributes('href')).toBe(`/antraege/${issued.applicationId}`);
    // the city's letters are not deleted from here
    expect(letter.find('button[aria-label="bescheid.pdf löschen"]').exists()).toBe(false);
    expect(letter.find('button[aria-label="bescheid.pdf herunterladen"]').exists()).toBe(true);
    // the upload field shows the limits before anything is sent
    expect(w.text()).toContain('PDF, JPEG oder PNG, höchstens 20 MB je Datei.');
  });

  it('explains in a sentence that a document of a submitted application cannot be deleted, and keeps it', async () => {
    const seen = stubApi(() =>
      json(409, {
        type: 'document-in-use',
        title: 'The document is part of a submitted application',
        status: 409,
        detail: 'It belongs to application 0192f0e0-0000-7000-8000-00000000aaaa.',
      }),
    );
    const w = await render();
    await deleteByDialog(w, 'pass.pdf');
    expect(seen).toContain(`DELETE /api/v1/documents/${upload.id}`);
    const problem = w.get('.ui-problem');
    expect(problem.attributes('role')).toBe('alert');
    expect(problem.text()).toContain(
      '„pass.pdf“ gehört zu einem Antrag, den Sie eingereicht haben, und kann deshalb jetzt nicht gelöscht werden.',
    );
    expect(problem.text()).not.toContain('0192f0e0'); // the API's detail is for developers
    expect(card(w, 'pass.pdf').exists()).toBe(true);
    expect(w.get('dialog.ui-dialog').attributes('open')).toBeUndefined();
    expect(document.title).toMatch(/^Fehler: Meine Dokumente/);
  });

  it('deletes after the confirmation and says so', async () => {
    stubApi(() => json(204, null));
    const w = await render();
    await deleteByDialog(w, 'pass.pdf');
    expect(w.findAll('.document-card').map((li) => li.get('h3').text())).toEqual(['bescheid.pdf']);
    expect(w.get('.ui-notification-banner').text()).toContain('„pass.pdf“ wurde gelöscht.');
    expect(w.find('.ui-problem').exists()).toBe(false);
  });

  it('downloads a document through the session under its name', async () => {
    const seen = stubApi(() => json(204, null));
    const created = vi.fn((_blob: Blob) => 'blob:document');
    // jsdom has no object URLs
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    const w = await render();
    await card(w, 'pass.pdf').get('button[aria-label="pass.pdf herunterladen"]').trigger('click');
    await flushPromises();
    expect(seen).toContain(`GET /api/v1/documents/${upload.id}/content`);
    expect(clicked).toEqual(['pass.pdf']);
    expect(created.mock.calls[0]![0].type).toBe('application/pdf');
    click.mockRestore();
    Reflect.deleteProperty(URL, 'createObjectURL');
    Reflect.deleteProperty(URL, 'revokeObjectURL');
  });
});
