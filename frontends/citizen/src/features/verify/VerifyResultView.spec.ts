import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, setLocale } from '../../i18n';
import { sha256Hex } from './hash';
import VerifyResultView from './VerifyResultView.vue';
import VerifyStartView from './VerifyStartView.vue';

const CODE = '7K3M-Q9XD-2HFB';
const PDF = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55, 10, 37, 37, 69, 79, 70, 10]);

let wrapper: VueWrapper | undefined;
let asked: string[] = [];

async function verification(valid = true) {
  return {
    valid,
    documentType: 'decision-letter',
    issuedAt: '2026-12-08T09:30:00.000Z',
    issuer: 'Stadt Esslingen am Neckar',
    sha256: await sha256Hex(new Blob([PDF])),
    signature: 'c2lnbmF0dXJl',
    signatureAlgorithm: 'Ed25519',
    signingKeyId: 'key-1',
    publicKey: 'cHVibGljLWtleQ',
  };
}

/** The app's verification pages at `path`, with GET /verify/{code} answering `status` and `body`. */
async function render(path: string, answer: { status: number; body: unknown }): Promise<VueWrapper> {
  asked = [];
  vi.stubGlobal('fetch', (input: Request) => {
    const url = new URL(input.url);
    asked.push(decodeURIComponent(url.pathname));
    if (!url.pathname.startsWith('/api/v1/verify/'))
      return Promise.reject(new TypeError(`unexpected request ${url.pathname}`));
    return Promise.resolve(
      new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
      }),
    );
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/pruefen', name: 'verify', component: VerifyStartView },
      { path: '/pruefen/:code', name: 'verify-result', component: VerifyResultView, props: true },
    ],
  });
  await router.push(path);
  wrapper = mount(
    { template: '<main id="main"><RouterView /></main>' },
    { attachTo: document.body, global: { plugins: [createPinia(), i18n, router] } },
  );
  await flushPromises();
  return wrapper;
}

function fileList(files: File[]): FileList {
  const list = { length: files.length, item: (index: number) => files[index] ?? null } as Record<
    number,
    File
  > & { length: number; item: (index: number) => File | null };
  files.forEach((file, index) => (list[index] = file));
  return list as unknown as FileList;
}

/** Drops `bytes` as a PDF on the file check and waits for its answer. */
async function dropFile(w: VueWrapper, bytes: Uint8Array<ArrayBuffer>, name = 'Bescheid.pdf'): Promise<void> {
  const file = new File([bytes], name, { type: 'application/pdf' });
  await w.get('[data-testid="drop-zone"]').trigger('drop', { dataTransfer: { files: fileList([file]) } });
  await vi.waitFor(() => {
    const said =
      w.get('[data-testid="file-check-status"]').text() + w.get('[data-testid="file-check-alert"]').text();
    if (!said.includes(name)) throw new Error('still checking');
  });
}

describe('the verification pages', () => {
  beforeEach(() => setLocale('de'));
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('shows a genuine document: type, date, issuer and fingerprint, never a person', async () => {
    const body = await verification();
    const w = await render(`/pruefen/${CODE}`, { status: 200, body });
    expect(asked).toEqual([`/api/v1/verify/${CODE}`]);
    expect(w.get('h1').text()).toBe('Das Dokument ist echt');
    expect(w.get('[role="status"]').text()).toContain('Gültig: ein Dokument von Stadt Esslingen am Neckar');
    const facts = w.get('.ui-summary-list').text();
    expect(facts).toContain('Bescheid');
    expect(facts).toContain('Dienstag, 8. Dezember 2026, 10:30 Uhr');
    expect(facts).toContain(CODE);
    expect(facts).toContain(body.sha256);
  });

  it('says whether the dropped file is the genuine, unchanged document (computed in the browser)', async () => {
    const w = await render(`/pruefen/${CODE}`, { status: 200, body: await verification() });
    await dropFile(w, PDF);
    expect(w.get('[data-testid="file-check-status"]').text()).toContain(
      'Echt und unverändert: „Bescheid.pdf“ ist genau das Dokument',
    );
    expect(w.get('[data-testid="file-check-alert"]').text()).toBe('');

    const changed = PDF.slice();
    changed[PDF.length - 1] = 32; // one byte: a space instead of the last line break
    await dropFile(w, changed, 'Bescheid-bearbeitet.pdf');
    expect(w.get('[data-testid="file-check-alert"]').text()).toContain(
      'Nicht das Original: „Bescheid-bearbeitet.pdf“ stimmt nicht',
    );
    expect(w.get('[data-testid="file-check-status"]').text()).toBe('');
    // only the verification was asked: the file went nowhere
    expect(asked).toEqual([`/api/v1/verify/${CODE}`]);
  });

  it('says plainly when the code is unknown, and offers to enter it again', async () => {
    const w = await render('/pruefen/7k3m q9xd 2hfc', {
      status: 404,
      body: { type: 'not-found', title: 'Not Found', status: 404 },
    });
    expect(asked).toEqual(['/api/v1/verify/7K3M-Q9XD-2HFC']);
    expect(w.get('h1').text()).toBe('Kein Dokument zu diesem Prüfcode');
    expect(w.get('[role="alert"]').text()).toContain('Nicht gefunden: 7K3M-Q9XD-2HFC');
    expect(w.find('.ui-problem').exists()).toBe(false);
    expect(w.find('[data-testid="drop-zone"]').exists()).toBe(false);
  });

  it('does not ask about what cannot be a code', async () => {
    const w = await render('/pruefen/hallo', { status: 500, body: {} });
    expect(asked).toEqual([]);
    expect(w.get('h1').text()).toBe('Kein Dokument zu diesem Prüfcode');
  });

  it('warns when the city’s records of the document are not in order, without a file check', async () => {
    const w = await render(`/pruefen/${CODE}`, { status: 200, body: await verification(false) });
    expect(w.get('h1').text()).toBe('Das Dokument ist nicht gültig');
    expect(w.get('[role="alert"]').text()).toContain('Nicht gültig');
    expect(w.find('[data-testid="drop-zone"]').exists()).toBe(false);
  });

  it('reads the typed code as printed and leads to its result; says what is wrong otherwise', async () => {
    const w = await render('/pruefen', { status: 200, body: await verification() });
    expect(w.get('h1').text()).toBe('Dokument prüfen');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('.ui-error-summary').text()).toContain('Geben Sie den Prüfcode ein');
    await w.get('#verify-code').setValue('7K3M Q9XD');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('.ui-error-summary').text()).toContain('Ein Prüfcode hat 12 Zeichen');
    await w.get('#verify-code').setValue('7k3m q9xd 2hfb');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('h1').text()).toBe('Das Dokument ist echt');
    expect(asked).toEqual([`/api/v1/verify/${CODE}`]);
  });
});
