import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import {
  attachableDocuments,
  caseDocumentRefs,
  messageDocumentIds,
  onlyAttachmentErrors,
} from './attachments';

const A = '0193a000-0000-7000-8000-00000000000a';
const B = '0193a000-0000-7000-8000-00000000000b';
const C = '0193a000-0000-7000-8000-00000000000c';
const L = '0193a000-0000-7000-8000-0000000000ff';

describe('caseDocumentRefs', () => {
  it('lists evidence, then attachments oldest first, then the letter, each once', () => {
    expect(
      caseDocumentRefs({ documentIds: [A], decision: { documentId: L } }, [
        { documentIds: [B] },
        { documentIds: [A.toUpperCase(), C] },
        { documentIds: [] },
      ]),
    ).toEqual([
      { id: A, source: 'application' },
      { id: B, source: 'message' },
      { id: C, source: 'message' },
      { id: L, source: 'decision' },
    ]);
  });

  it('has no letter before it is issued', () => {
    expect(caseDocumentRefs({ documentIds: [], decision: { documentId: null } }, [])).toEqual([]);
    expect(caseDocumentRefs({ documentIds: [A], decision: null }, [])).toEqual([
      { id: A, source: 'application' },
    ]);
  });
});

describe('attachableDocuments', () => {
  it('offers checked documents only', () => {
    const rows = [
      { id: A, source: 'application' as const, doc: { status: 'clean', filename: 'a.pdf' } },
      { id: B, source: 'message' as const, doc: { status: 'pending_scan', filename: 'b.png' } },
      { id: C, source: 'message' as const, doc: { status: 'rejected', filename: 'c.pdf' } },
      { id: L, source: 'decision' as const, doc: null },
    ];
    expect(attachableDocuments(rows)).toEqual([rows[0]]);
  });
});

describe('messageDocumentIds', () => {
  it('chosen first, then uploads, without repeats', () => {
    expect(messageDocumentIds([B, A], [C, A.toUpperCase()])).toEqual([B, A, C]);
    expect(messageDocumentIds([], [])).toEqual([]);
  });
});

describe('onlyAttachmentErrors', () => {
  const problem = (status: number, errors: { field: string; message: string }[]) =>
    new ApiProblem({ type: 'validation', title: 'x', status, errors });

  it('is true for a 422 about documentIds only', () => {
    expect(onlyAttachmentErrors(problem(422, [{ field: 'documentIds[0]', message: 'm' }]))).toBe(true);
    expect(
      onlyAttachmentErrors(
        problem(422, [
          { field: 'documentIds[1]', message: 'm' },
          { field: 'documentIds', message: 'm' },
        ]),
      ),
    ).toBe(true);
  });

  it('is false for anything else', () => {
    expect(onlyAttachmentErrors(problem(422, [{ field: 'body', message: 'm' }]))).toBe(false);
    expect(
      onlyAttachmentErrors(
        problem(422, [
          { field: 'documentIds[0]', message: 'm' },
          { field: 'body', message: 'm' },
        ]),
      ),
    ).toBe(false);
    expect(onlyAttachmentErrors(problem(422, []))).toBe(false);
    expect(onlyAttachmentErrors(problem(409, [{ field: 'documentIds[0]', message: 'm' }]))).toBe(false);
    expect(onlyAttachmentErrors(new Error('x'))).toBe(false);
    expect(onlyAttachmentErrors(undefined)).toBe(false);
  });
});
