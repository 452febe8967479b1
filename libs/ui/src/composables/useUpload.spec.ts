import { effectScope, nextTick } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiProblem,
  type UploadControls,
  type UploadedDocument as DocumentInfo,
} from '@buergeramt/api-client';
import {
  canRetry,
  precheck,
  refusalOf,
  useUpload,
  type UploadApi,
  type UploadItem,
  type UploadOptions,
} from './useUpload';

const MB = 1024 * 1024;

const file = (name: string, size = 1000, type = '') =>
  Object.defineProperty(new File(['x'], name, { type }), 'size', { value: size });

const doc = (id: string, status: DocumentInfo['status'] = 'clean', filename = 'pass.pdf'): DocumentInfo => ({
  id,
  filename,
  mediaType: 'application/pdf',
  size: 1000,
  sha256: 'ab'.repeat(32),
  status,
  kind: 'upload',
  createdAt: '2026-12-01T09:00:00.000Z',
});

const problem = (type: string, status: number) => new ApiProblem({ type, title: type, status });

/** An API the test answers: each upload waits for `finish` (or fails), reads are scripted per id. */
function fakeApi() {
  const uploads: {
    file: File;
    controls: UploadControls;
    finish: (document: DocumentInfo) => void;
    fail: (error: unknown) => void;
  }[] = [];
  const reads: Record<string, (DocumentInfo | ApiProblem)[]> = {};
  const api: UploadApi = {
    upload: vi.fn(
      (f: File, controls: UploadControls) =>
        new Promise<DocumentInfo>((resolve, reject) => {
          const entry = { file: f, controls, finish: resolve, fail: reject };
          uploads.push(entry);
          controls.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    ),
    getDocument: vi.fn((id: string) => {
      const next = reads[id]?.shift();
      if (!next) return Promise.reject(new Error(`no read scripted for ${id}`));
      return next instanceof ApiProblem ? Promise.reject(next) : Promise.resolve(next);
    }),
    deleteDocument: vi.fn(() => Promise.resolve()),
  };
  return { api, uploads, reads };
}

function setup(options: Partial<UploadOptions> = {}) {
  const fake = fakeApi();
  const settled: string[] = [];
  const scope = effectScope();
  const upload = scope.run(() =>
    useUpload({
      api: fake.api,
      onSettled: (item) => settled.push(`${item.name}:${item.state}:${item.refusal ?? ''}`),
      ...options,
    }),
  )!;
  const item = (name: string): UploadItem => {
    const found = upload.items.value.find((i) => i.name === name);
    if (!found) throw new Error(`no entry ${name}`);
    return found;
  };
  return { ...fake, upload, scope, settled, item };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await nextTick();
};

afterEach(() => {
  vi.useRealTimers();
});

describe('precheck and refusalOf', () => {
  it('accepts PDF, JPEG and PNG by name or type, up to the limit', () => {
    expect(precheck(file('pass.PDF'))).toBeNull();
    expect(precheck(file('foto.jpeg'))).toBeNull();
    expect(precheck(file('scan', 1000, 'image/png'))).toBeNull();
    expect(precheck(file('tool.exe', 1000, 'application/x-msdownload'))).toBe('wrong-type');
    expect(precheck(file('brief.docx'))).toBe('wrong-type');
    expect(precheck(file('leer.pdf', 0))).toBe('empty');
    expect(precheck(file('gross.pdf', 20 * MB))).toBeNull();
    expect(precheck(file('gross.pdf', 20 * MB + 1))).toBe('too-big');
  });

  it('names the API’s refusals', () => {
    expect(refusalOf(problem('payload-too-large', 413))).toBe('too-big');
    expect(refusalOf(problem('unsupported-media-type', 415))).toBe('wrong-type');
    expect(refusalOf(problem('malformed-upload', 400))).toBe('interrupted');
    expect(refusalOf(problem('request-timeout', 408))).toBe('interrupted');
    expect(refusalOf(ApiProblem.network(new TypeError('offline')))).toBe('interrupted');
    expect(refusalOf(problem('validation-failed', 422))).toBe('failed');
    expect(refusalOf(new Error('boom'))).toBe('failed');
  });
});

describe('useUpload', () => {
  it('refuses what the limits rule out before sending, and sends the rest with progress', async () => {
    const { upload, uploads, item, settled, api } = setup();
    upload.add([
      file('pass.pdf', 4000),
      file('programm.exe', 4000),
      file('riesig.pdf', 21 * MB),
      file('leer.png', 0),
    ]);
    await flush();
    expect(api.upload).toHaveBeenCalledTimes(1);
    expect(uploads[0]!.file.name).toBe('pass.pdf');
    expect(item('pass.pdf')).toMatchObject({ state: 'uploading', progress: 0, size: 4000 });
    expect(item('programm.exe')).toMatchObject({ state: 'refused', refusal: 'wrong-type' });
    expect(item('riesig.pdf')).toMatchObject({ state: 'refused', refusal: 'too-big' });
    expect(item('leer.png')).toMatchObject({ state: 'refused', refusal: 'empty' });
    expect(canRetry(item('riesig.pdf'))).toBe(false);
    expect(upload.busy.value).toBe(true);

    uploads[0]!.controls.onProgress?.({ loaded: 1000, total: 4000 });
    expect(item('pass.pdf').progress).toBe(25);
    uploads[0]!.controls.onProgress?.({ loaded: 4000, total: 4000 });
    // 100 only when the API has answered
    expect(item('pass.pdf').progress).toBe(99);
    uploads[0]!.finish(doc('d1'));
    await flush();
    expect(item('pass.pdf')).toMatchObject({ state: 'done', progress: 100, documentId: 'd1' });
    expect(upload.documentIds.value).toEqual(['d1']);
    expect(upload.busy.value).toBe(false);
    expect(settled).toEqual([
      'programm.exe:refused:wrong-type',
      'riesig.pdf:refused:too-big',
      'leer.png:refused:empty',
      'pass.pdf:done:',
    ]);
  });

  it('cancels an upload under way: the request is aborted and the entry goes', async () => {
    const { upload, uploads, item, settled } = setup();
    upload.add([file('pass.pdf'), file('foto.jpg')]);
    await flush();
    const key = item('pass.pdf').key;
    upload.cancel(key);
    await flush();
    expect(uploads[0]!.controls.signal?.aborted).toBe(true);
    expect(upload.items.value.map((i) => i.name)).toEqual(['foto.jpg']);
    expect(settled).toEqual([]);
    // the other file goes on
    uploads[1]!.finish(doc('d2', 'clean', 'foto.jpg'));
    await flush();
    expect(upload.documentIds.value).toEqual(['d2']);
  });

  it('keeps a refusal of the API to its own file, and sends an interrupted one again on retry', async () => {
    const { upload, uploads, item, settled } = setup();
    upload.add([file('a.pdf'), file('b.pdf'), file('c.pdf'), file('d.pdf')]);
    await flush();
    uploads[0]!.fail(problem('payload-too-large', 413));
    uploads[1]!.fail(problem('unsupported-media-type', 415));
    uploads[2]!.fail(ApiProblem.network(new TypeError('offline')));
    uploads[3]!.finish(doc('d4', 'clean', 'd.pdf'));
    await flush();
    expect(item('a.pdf')).toMatchObject({ state: 'refused', refusal: 'too-big' });
    expect(item('b.pdf')).toMatchObject({ state: 'refused', refusal: 'wrong-type' });
    expect(item('c.pdf')).toMatchObject({ state: 'refused', refusal: 'interrupted' });
    expect(item('c.pdf').error).toBeInstanceOf(ApiProblem);
    expect(item('d.pdf').state).toBe('done');
    expect(upload.documentIds.value).toEqual(['d4']);
    expect(canRetry(item('b.pdf'))).toBe(false);
    expect(canRetry(item('c.pdf'))).toBe(true);

    upload.retry(item('b.pdf').key); // not retryable: nothing happens
    upload.retry(item('c.pdf').key);
    await flush();
    expect(uploads).toHaveLength(5);
    expect(item('c.pdf')).toMatchObject({ state: 'uploading', refusal: null, progress: 0 });
    uploads[4]!.finish(doc('d3', 'clean', 'c.pdf'));
    await flush();
    expect(upload.documentIds.value).toEqual(['d3', 'd4']);
    expect(settled.filter((s) => s.startsWith('c.pdf'))).toEqual([
      'c.pdf:refused:interrupted',
      'c.pdf:done:',
    ]);
  });

  it('follows a document through the virus scan, looking again with growing pauses', async () => {
    vi.useFakeTimers();
    const { upload, uploads, reads, item, api } = setup({ pollDelays: [1000, 2000, 4000] });
    upload.add([file('pass.pdf'), file('virus.pdf')]);
    await flush();
    reads.d1 = [doc('d1', 'pending_scan'), doc('d1', 'clean')];
    reads.d2 = [doc('d2', 'rejected', 'virus.pdf')];
    uploads[0]!.finish(doc('d1', 'pending_scan'));
    uploads[1]!.finish(doc('d2', 'pending_scan', 'virus.pdf'));
    await flush();
    expect(item('pass.pdf')).toMatchObject({ state: 'scanning', progress: 100, documentId: 'd1' });
    expect(upload.documentIds.value).toEqual([]);
    expect(upload.busy.value).toBe(true);

    await vi.advanceTimersByTimeAsync(999);
    expect(api.getDocument).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(api.getDocument).toHaveBeenCalledTimes(2);
    expect(item('pass.pdf').state).toBe('scanning');
    expect(item('virus.pdf')).toMatchObject({ state: 'refused', refusal: 'malware' });

    // the second look comes 2 s after the first
    await vi.advanceTimersByTimeAsync(1999);
    expect(api.getDocument).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.getDocument).toHaveBeenCalledTimes(3);
    expect(item('pass.pdf').state).toBe('done');
    expect(upload.documentIds.value).toEqual(['d1']);
    expect(upload.busy.value).toBe(false);
  });

  it('keeps looking when a look fails for a moment, and stops when the page goes away', async () => {
    vi.useFakeTimers();
    const { upload, uploads, reads, item, api, scope } = setup({ pollDelays: [1000] });
    upload.add([file('pass.pdf'), file('langsam.pdf')]);
    await flush();
    reads.d1 = [ApiProblem.network(new TypeError('offline')), doc('d1', 'pending_scan')];
    uploads[0]!.finish(doc('d1', 'pending_scan'));
    await flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(item('pass.pdf').state).toBe('scanning');
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.getDocument).toHaveBeenCalledTimes(2);
    scope.stop();
    expect(uploads[1]!.controls.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.getDocument).toHaveBeenCalledTimes(2);
  });

  it('removes a stored file through the API, and keeps it when the API refuses', async () => {
    const { upload, uploads, item, api } = setup();
    upload.add([file('a.pdf'), file('b.pdf')]);
    await flush();
    uploads[0]!.finish(doc('d1', 'clean', 'a.pdf'));
    uploads[1]!.finish(doc('d2', 'clean', 'b.pdf'));
    await flush();

    await expect(upload.remove(item('a.pdf').key)).resolves.toBe(true);
    expect(api.deleteDocument).toHaveBeenCalledWith('d1');
    expect(upload.documentIds.value).toEqual(['d2']);

    vi.mocked(api.deleteDocument).mockRejectedValueOnce(problem('document-in-use', 409));
    await expect(upload.remove(item('b.pdf').key)).resolves.toBe(false);
    expect(item('b.pdf')).toMatchObject({ state: 'done', removing: false });
    expect(item('b.pdf').removeError).toBeInstanceOf(ApiProblem);

    // a refused file without a stored document just goes
    upload.add([file('x.exe')]);
    await flush();
    await upload.remove(item('x.exe').key);
    expect(api.deleteDocument).toHaveBeenCalledTimes(2);
    expect(upload.items.value.map((i) => i.name)).toEqual(['b.pdf']);
  });

  it('shows the documents the page attached before, and drops finished ones the page no longer lists', async () => {
    const { upload, uploads, reads, item, api } = setup();
    reads.d7 = [doc('d7', 'clean', 'alt.pdf')];
    reads.gone = [problem('not-found', 404)];
    upload.sync(['d7', 'gone']);
    // counted as attached while their metadata loads: the page's list does not flicker
    expect(upload.documentIds.value).toEqual(['d7', 'gone']);
    await flush();
    expect(item('alt.pdf')).toMatchObject({ state: 'done', documentId: 'd7', size: 1000 });
    expect(upload.documentIds.value).toEqual(['d7']);
    expect(upload.items.value.find((i) => i.documentId === 'gone')).toMatchObject({
      state: 'refused',
      refusal: 'failed',
    });

    upload.add([file('neu.pdf')]);
    await flush();
    upload.sync(['d7']); // the page has not heard of the upload under way: it stays
    expect(item('neu.pdf').state).toBe('uploading');
    uploads[0]!.finish(doc('d8', 'clean', 'neu.pdf'));
    await flush();
    expect(upload.documentIds.value).toEqual(['d7', 'd8']);

    upload.sync(['d8']);
    expect(upload.items.value.map((i) => i.name)).toEqual(['', 'neu.pdf']);
    expect(api.deleteDocument).not.toHaveBeenCalled();
    expect(api.getDocument).toHaveBeenCalledTimes(2);
  });
});
