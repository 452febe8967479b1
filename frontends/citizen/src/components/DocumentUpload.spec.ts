import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { defineComponent, ref } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearAnnouncements, UiAnnouncer } from '@buergeramt/ui';
import { i18n, setLocale } from '../i18n';
import DocumentUpload from './DocumentUpload.vue';

/** XMLHttpRequest as the test answers it (the upload goes through api-client's uploadDocument). */
class FakeXhr {
  static sent: FakeXhr[] = [];
  readonly upload = new EventTarget();
  private readonly events = new EventTarget();
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  body: FormData | undefined;
  open(): void {}
  setRequestHeader(): void {}
  addEventListener(type: string, listener: EventListener): void {
    this.events.addEventListener(type, listener);
  }
  send(body: FormData): void {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort(): void {
    this.events.dispatchEvent(new Event('abort'));
  }
  getAllResponseHeaders(): string {
    return `content-type: ${this.status >= 400 ? 'application/problem+json' : 'application/json'}\r\n`;
  }
  progress(loaded: number, total: number): void {
    this.upload.dispatchEvent(
      Object.assign(new Event('progress'), { loaded, total, lengthComputable: true }),
    );
  }
  respond(status: number, body: unknown): void {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.events.dispatchEvent(new Event('load'));
  }
}

const stored = (id: string, filename: string) => ({
  id,
  filename,
  mediaType: 'application/pdf',
  size: 2048,
  sha256: 'ab'.repeat(32),
  status: 'clean',
  kind: 'upload',
  createdAt: '2026-12-01T08:00:00.000Z',
});

let wrapper: VueWrapper | undefined;
const emitted: string[][] = [];

function render(initial: string[] = []) {
  const Page = defineComponent({
    components: { DocumentUpload, UiAnnouncer },
    setup() {
      const ids = ref<string[]>(initial);
      const update = (next: string[]) => {
        emitted.push(next);
        ids.value = next;
      };
      return { ids, update };
    },
    template: `<DocumentUpload id="evidence" :model-value="ids" label="Lichtbild" hint="Ein aktuelles Foto"
      required @update:model-value="update" /><UiAnnouncer />`,
  });
  wrapper = mount(Page, { attachTo: document.body, global: { plugins: [createPinia(), i18n] } });
  return wrapper;
}

async function choose(w: VueWrapper, files: File[]): Promise<void> {
  const input = w.get<HTMLInputElement>('input[type="file"]');
  Object.defineProperty(input.element, 'files', { configurable: true, value: files });
  await input.trigger('change');
  await flushPromises();
}

/** The next polite announcement (other than `before`): the announcer writes after a short delay. */
const announced = async (before = '') => {
  let text = '';
  await vi.waitFor(
    () => {
      text = (document.body.querySelector('[data-politeness="polite"]')?.textContent ?? '').trim();
      if (text === '' || text === before) throw new Error('nothing new announced yet');
    },
    { timeout: 3000, interval: 20 },
  );
  return text;
};

describe('DocumentUpload', () => {
  beforeEach(() => {
    // the announcer's regions are shared by the whole run: each test starts with nothing announced
    clearAnnouncements();
    setLocale('de');
    FakeXhr.sent = [];
    emitted.length = 0;
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    vi.unstubAllGlobals();
  });

  it('shows the limits before sending, a named progress bar while sending, and hands the id on when done', async () => {
    const w = render();
    expect(w.get('label').text()).toBe('Lichtbild');
    expect(w.get('.ui-hint').text()).toContain('Ein aktuelles Foto');
    expect(w.get('.ui-hint').text()).toContain('PDF, JPEG oder PNG, höchstens 20 MB je Datei.');

    await choose(w, [new File(['%PDF-1.7'], 'pass.pdf', { type: 'application/pdf' })]);
    expect(FakeXhr.sent).toHaveLength(1);
    FakeXhr.sent[0]!.progress(50, 200);
    await flushPromises();
    const bar = w.get('progress');
    expect(bar.attributes('aria-label')).toBe('Hochladen von pass.pdf');
    expect(bar.attributes('value')).toBe('25');
    expect(w.text()).toContain('Wird hochgeladen: 25 %');
    expect(w.get('button').attributes('aria-label')).toBe('Hochladen von pass.pdf abbrechen');

    FakeXhr.sent[0]!.respond(201, stored('d1', 'pass.pdf'));
    await flushPromises();
    expect(emitted).toEqual([['d1']]);
    expect(w.find('progress').exists()).toBe(false);
    expect(w.text()).toContain('Hochgeladen');
    expect(w.get('button').attributes('aria-label')).toBe('Datei pass.pdf entfernen');
    expect(await announced()).toBe('pass.pdf wurde hochgeladen.');
  });

  it('says why a file was refused, announces it, and leaves the others alone', async () => {
    const w = render();
    await choose(w, [
      new File(['MZ'], 'programm.exe'),
      new File(['MZ'], 'getarnt.pdf', { type: 'application/pdf' }),
      new File(['%PDF-'], 'gut.pdf', { type: 'application/pdf' }),
    ]);
    // the .exe is refused before sending; the two others go
    expect(FakeXhr.sent).toHaveLength(2);
    FakeXhr.sent[0]!.respond(415, {
      type: 'unsupported-media-type',
      title: 'Unsupported Media Type',
      status: 415,
    });
    FakeXhr.sent[1]!.respond(201, stored('d2', 'gut.pdf'));
    await flushPromises();
    const entries = w.findAll('.document-upload__item');
    expect(entries.map((li) => li.get('.document-upload__name').text())).toEqual([
      expect.stringContaining('programm.exe'),
      expect.stringContaining('getarnt.pdf'),
      expect.stringContaining('gut.pdf'),
    ]);
    expect(entries[0]!.text()).toContain('Nicht angenommen: Die Datei ist kein PDF, JPEG oder PNG.');
    expect(entries[1]!.text()).toContain(
      'Nicht angenommen: Der Inhalt der Datei ist kein PDF, JPEG oder PNG, auch wenn der Name etwas anderes sagt',
    );
    expect(entries[2]!.text()).toContain('Hochgeladen');
    expect(emitted).toEqual([['d2']]);
    // files that end together are announced together
    const news = await announced();
    expect(news).toContain('programm.exe wurde nicht angenommen. Die Datei ist kein PDF, JPEG oder PNG.');
    expect(news).toContain('getarnt.pdf wurde nicht angenommen.');
    expect(news).toContain('gut.pdf wurde hochgeladen.');
  });

  it('removes a finished file (the document is deleted) and gives focus back to the file input', async () => {
    const deleted: string[] = [];
    vi.stubGlobal('fetch', (request: Request) => {
      deleted.push(`${request.method} ${new URL(request.url).pathname}`);
      return Promise.resolve(new Response(null, { status: 204 }));
    });
    const w = render();
    await choose(w, [new File(['%PDF-'], 'pass.pdf', { type: 'application/pdf' })]);
    FakeXhr.sent[0]!.respond(201, stored('d1', 'pass.pdf'));
    await flushPromises();
    expect(await announced()).toBe('pass.pdf wurde hochgeladen.');
    await w.get('button[aria-label="Datei pass.pdf entfernen"]').trigger('click');
    await flushPromises();
    expect(deleted).toEqual(['DELETE /api/v1/documents/d1']);
    expect(w.find('.document-upload__item').exists()).toBe(false);
    expect(emitted).toEqual([['d1'], []]);
    expect(document.activeElement?.id).toBe('evidence');
    expect(await announced('pass.pdf wurde hochgeladen.')).toBe('pass.pdf wurde entfernt.');
  });
});
