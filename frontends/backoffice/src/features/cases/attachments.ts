/**
 * A case's documents and a clerk's message's attachments, as pure functions (the case view and the
 * thread use them; Vitest checks them).
 */

/** Where a document of the case came from. */
export type DocumentSource = 'application' | 'message' | 'decision';

export interface DocumentRef {
  id: string;
  source: DocumentSource;
}

/** The API accepts at most this many `documentIds` on a message. */
export const MAX_ATTACHMENTS = 10;

/**
 * Every document of the case once, in the order a clerk reads them: the application's evidence, the
 * thread's attachments (oldest message first), the decision letter. A document met twice keeps the
 * first source (evidence a clerk sends back is still evidence).
 */
export function caseDocumentRefs(
  application: { documentIds: readonly string[]; decision?: { documentId?: string | null } | null },
  messages: readonly { documentIds: readonly string[] }[],
): DocumentRef[] {
  const seen = new Set<string>();
  const refs: DocumentRef[] = [];
  const add = (id: string, source: DocumentSource): void => {
    const key = id.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    refs.push({ id, source });
  };
  application.documentIds.forEach((id) => add(id, 'application'));
  messages.forEach((message) => message.documentIds.forEach((id) => add(id, 'message')));
  if (application.decision?.documentId) add(application.decision.documentId, 'decision');
  return refs;
}

/**
 * The case's documents a clerk may attach to a message: the API takes checked (`clean`) ones only, so a
 * file still being scanned, a rejected one or one that could not be read is not offered.
 */
export function attachableDocuments<D extends { status: string }>(
  rows: readonly { id: string; source: DocumentSource; doc: D | null }[],
): { id: string; source: DocumentSource; doc: D }[] {
  return rows.flatMap((row) => (row.doc && row.doc.status === 'clean' ? [{ ...row, doc: row.doc }] : []));
}

/** The message's `documentIds`: the chosen documents of the case, then the new uploads, each once. */
export function messageDocumentIds(chosen: readonly string[], uploaded: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...chosen, ...uploaded].filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Whether a 422 from `POST /messages` is about the attachments only (each error on `documentIds[i]`).
 * A file the documents service has just found clean reaches the applications service's read model a
 * moment later (an event), so such an answer right after the scan is worth one more try.
 */
export function onlyAttachmentErrors(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { status, errors } = error as { status?: unknown; errors?: unknown };
  if (status !== 422 || !Array.isArray(errors) || errors.length === 0) return false;
  return errors.every(
    (e: unknown) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as { field?: unknown }).field === 'string' &&
      /^documentIds(\[\d+\])?$/.test((e as { field: string }).field),
  );
}
