import { effectScope, nextTick, ref } from 'vue';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import type { DocumentInfo } from './api';
import type { DocumentRef } from './attachments';
import { useCaseDocuments } from './useCaseDocuments';

const doc = (id: string, status: DocumentInfo['status'], filename = `${id}.pdf`): DocumentInfo => ({
  id,
  filename,
  mediaType: 'application/pdf',
  size: 1000,
  sha256: 'ab'.repeat(32),
  status,
  kind: 'upload',
  createdAt: '2026-12-01T09:00:00.000Z',
});

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await nextTick();
};

function setup(answers: Record<string, (DocumentInfo | ApiProblem)[]>) {
  const read = vi.fn((id: string) => {
    const next = answers[id]?.shift();
    if (!next) return Promise.reject(new Error(`no answer for ${id}`));
    return next instanceof ApiProblem ? Promise.reject(next) : Promise.resolve(next);
  });
  const refs = ref<DocumentRef[]>([]);
  const scope = effectScope();
  const documents = scope.run(() => useCaseDocuments(refs, read))!;
  return { read, refs, documents, scope };
}

describe('useCaseDocuments', () => {
  it('reads every document, offers the checked ones, names them', async () => {
    const missing = new ApiProblem({ type: 'not-found', title: 'not found', status: 404 });
    const { refs, documents } = setup({
      a: [doc('a', 'clean', 'antrag.pdf')],
      b: [doc('b', 'pending_scan', 'foto.png')],
      c: [missing],
    });
    expect(documents.loading.value).toBe(true);
    refs.value = [
      { id: 'a', source: 'application' },
      { id: 'b', source: 'message' },
      { id: 'c', source: 'decision' },
    ];
    await flush();
    expect(documents.loading.value).toBe(false);
    expect(documents.rows.value.map((r) => [r.id, r.source, r.doc?.status ?? null])).toEqual([
      ['a', 'application', 'clean'],
      ['b', 'message', 'pending_scan'],
      ['c', 'decision', null],
    ]);
    expect(documents.rows.value[2]?.failure).toBe(missing);
    expect(documents.attachable.value.map((r) => r.id)).toEqual(['a']);
    expect(documents.names.value).toEqual({ a: 'antrag.pdf', b: 'foto.png' });
  });

  it('reads a clean document once, one being scanned again', async () => {
    const { refs, documents, read } = setup({
      a: [doc('a', 'clean')],
      b: [doc('b', 'pending_scan'), doc('b', 'clean')],
    });
    refs.value = [
      { id: 'a', source: 'application' },
      { id: 'b', source: 'message' },
    ];
    await flush();
    refs.value = [...refs.value, { id: 'c', source: 'message' }];
    await flush();
    expect(read.mock.calls.map(([id]) => id)).toEqual(['a', 'b', 'b', 'c']);
    expect(documents.attachable.value.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('keeps the newest read when reads overlap', async () => {
    let releaseOld: (d: DocumentInfo) => void = () => undefined;
    const read = vi.fn((id: string) =>
      id === 'old'
        ? new Promise<DocumentInfo>((resolve) => (releaseOld = resolve))
        : Promise.resolve(doc(id, 'clean')),
    );
    const refs = ref<DocumentRef[]>([{ id: 'old', source: 'message' }]);
    const documents = effectScope().run(() => useCaseDocuments(refs, read))!;
    await flush();
    refs.value = [{ id: 'new', source: 'message' }];
    await flush();
    releaseOld(doc('old', 'clean'));
    await flush();
    expect(documents.rows.value.map((r) => r.id)).toEqual(['new']);
  });
});
