import { computed, shallowRef, watch, type ComputedRef, type ShallowRef, type WatchSource } from 'vue';
import { type DocumentInfo, getDocument } from './api';
import { attachableDocuments, type DocumentRef, type DocumentSource } from './attachments';

/** A document of the case: its metadata, or why it could not be read. */
export interface CaseDocumentRow {
  id: string;
  source: DocumentSource;
  doc: DocumentInfo | null;
  /** the failure of `GET /documents/{id}` when `doc` is null */
  failure: unknown;
}

export interface CaseDocuments {
  /** every document of the case with its metadata, in the order of the refs (empty while the first load runs) */
  rows: ShallowRef<CaseDocumentRow[]>;
  loading: ShallowRef<boolean>;
  /** the checked ones: what a clerk may attach to a message */
  attachable: ComputedRef<{ id: string; source: DocumentSource; doc: DocumentInfo }[]>;
  /** file names by id */
  names: ComputedRef<Record<string, string>>;
}

/**
 * The metadata (name, type, size, scan state) of a case's documents, read again whenever the refs
 * change (a message with attachments, the decision letter). A document once seen `clean` does not
 * change and is not read again; one being scanned (or unreadable) is. The newest read wins.
 */
export function useCaseDocuments(
  refs: WatchSource<DocumentRef[]>,
  read: (id: string) => Promise<DocumentInfo> = getDocument,
): CaseDocuments {
  const rows = shallowRef<CaseDocumentRow[]>([]);
  const loading = shallowRef(true);
  const clean = new Map<string, DocumentInfo>();
  let generation = 0;

  watch(
    refs,
    async (list) => {
      const mine = ++generation;
      loading.value = true;
      const next = await Promise.all(
        list.map(async ({ id, source }): Promise<CaseDocumentRow> => {
          const known = clean.get(id);
          if (known) return { id, source, doc: known, failure: undefined };
          try {
            const doc = await read(id);
            if (doc.status === 'clean') clean.set(id, doc);
            return { id, source, doc, failure: undefined };
          } catch (failure) {
            return { id, source, doc: null, failure };
          }
        }),
      );
      if (mine !== generation) return;
      rows.value = next;
      loading.value = false;
    },
    { immediate: true },
  );

  const attachable = computed(() => attachableDocuments(rows.value));
  const names = computed(() =>
    Object.fromEntries(rows.value.flatMap((row) => (row.doc ? [[row.id, row.doc.filename]] : []))),
  );
  return { rows, loading, attachable, names };
}
