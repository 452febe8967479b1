import { computed, onScopeDispose, reactive, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import {
  ApiProblem,
  NETWORK_ERROR,
  type UploadControls,
  type UploadedDocument,
} from '@buergeramt/api-client';

/** What the documents service accepts (it decides by the content; this pre-check goes by name and type). */
export const UPLOAD_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const UPLOAD_EXTENSIONS = ['.pdf', '.jpg', '.jpeg', '.png'] as const;
/** The documents service's UPLOAD_MAX_BYTES (20 MiB); the API does not publish it. */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Where a file is: `checking` (the limits known in advance, or the metadata of a document attached
 * before), `uploading` (with progress), `scanning` (stored, the virus scanner has not decided yet),
 * `done`, or `refused` (with the reason).
 */
export type UploadState = 'checking' | 'uploading' | 'scanning' | 'done' | 'refused';

/**
 * Why a file was refused: `too-big` (over the limit, here or at the API: 413), `wrong-type` (not PDF,
 * JPEG or PNG by its name, or by its content at the API: 415), `empty`, `malware` (the scan rejected it),
 * `interrupted` (the connection broke, the body arrived cut off or stalled: try again), `failed` (any
 * other problem; `error` holds it).
 */
export type UploadRefusal = 'too-big' | 'wrong-type' | 'empty' | 'malware' | 'interrupted' | 'failed';

export interface UploadItem {
  /** stable key of the entry (not the document id: a file has none before it is stored) */
  readonly key: string;
  name: string;
  /** bytes */
  size: number;
  /** 0–100 */
  progress: number;
  state: UploadState;
  /** once stored */
  documentId: string | null;
  refusal: UploadRefusal | null;
  /** the problem behind `interrupted` and `failed` */
  error: unknown;
  /** the delete of a stored file is running, or failed (`removeError`) */
  removing: boolean;
  removeError: unknown;
  /** a document attached before (the page's ids): counted as attached until its state is known */
  adopted: boolean;
}

/** The calls the composable makes (tests pass their own). */
export interface UploadApi {
  upload(file: File, controls: UploadControls): Promise<UploadedDocument>;
  getDocument(id: string): Promise<UploadedDocument>;
  deleteDocument(id: string): Promise<void>;
}

export interface UploadOptions {
  /** the app's calls through its session (`uploadDocument`, `GET` and `DELETE /documents/{id}`) */
  api: UploadApi;
  /** default UPLOAD_MAX_BYTES (20 MiB) */
  maxBytes?: number;
  /** Called once when an entry ends `done` or `refused` (for announcements). */
  onSettled?: (item: Readonly<UploadItem>) => void;
  /** Delays between looks at a document being scanned, in ms; the last one repeats. */
  pollDelays?: readonly number[];
}

export interface Upload {
  items: ShallowRef<readonly UploadItem[]>;
  /** the stored, clean documents (and those attached before while their metadata loads), in order */
  documentIds: ComputedRef<string[]>;
  /** a file is being checked, sent or scanned */
  busy: ComputedRef<boolean>;
  /** Checks and sends files, each on its own: a refused one never holds up the others. */
  add(files: readonly File[]): void;
  /** Stops an upload under way; the entry goes (nothing was stored). */
  cancel(key: string): void;
  /** Sends a file again that was interrupted or failed. */
  retry(key: string): void;
  /** Removes an entry; a stored document is deleted at the API first. Resolves false if that failed. */
  remove(key: string): Promise<boolean>;
  /**
   * Follows the ids the page holds (v-model): ids not known yet are shown as attached documents (their
   * metadata loaded); finished entries whose id is no longer listed are dropped (not deleted).
   */
  sync(ids: readonly string[]): void;
}

export const DEFAULT_POLL_DELAYS = [1000, 2000, 4000, 8000, 15_000] as const;

const RETRYABLE: readonly UploadRefusal[] = ['interrupted', 'failed'];

export function canRetry(item: Pick<UploadItem, 'state' | 'refusal'>): boolean {
  return item.state === 'refused' && item.refusal !== null && RETRYABLE.includes(item.refusal);
}

/** What is known before sending: the name or type says PDF, JPEG or PNG, and the size fits. */
export function precheck(file: File, maxBytes = UPLOAD_MAX_BYTES): UploadRefusal | null {
  const name = file.name.toLowerCase();
  const byName = UPLOAD_EXTENSIONS.some((extension) => name.endsWith(extension));
  const byType = (UPLOAD_MEDIA_TYPES as readonly string[]).includes(file.type);
  if (!byName && !byType) return 'wrong-type';
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'too-big';
  return null;
}

/** The refusal an API problem of `POST /documents` stands for. */
export function refusalOf(error: unknown): UploadRefusal {
  if (!(error instanceof ApiProblem)) return 'failed';
  if (error.status === 413 || error.is('payload-too-large')) return 'too-big';
  if (error.status === 415 || error.is('unsupported-media-type')) return 'wrong-type';
  if (error.is(NETWORK_ERROR, 'malformed-upload', 'request-timeout') || error.status === 408) {
    return 'interrupted';
  }
  return 'failed';
}

const id = (item: UploadItem): string => item.documentId ?? '';

const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

let nextKey = 0;

/**
 * Uploads as a person sees them: a list of files, each checked, sent with progress, followed through
 * the virus scan (polling `GET /documents/{id}` with backoff until clean or rejected), and finished or
 * refused with the reason; cancel while sending, remove afterwards (DELETE), retry. Uploads and polls
 * stop when the component using this goes away.
 */
export function useUpload(options: UploadOptions): Upload {
  const { api } = options;
  const maxBytes = options.maxBytes ?? UPLOAD_MAX_BYTES;
  const delays = options.pollDelays?.length ? options.pollDelays : DEFAULT_POLL_DELAYS;

  const items = shallowRef<readonly UploadItem[]>([]);
  const files = new Map<string, File>();
  const uploads = new Map<string, AbortController>();
  const polls = new Map<string, ReturnType<typeof setTimeout>>();

  const find = (key: string): UploadItem | undefined => items.value.find((item) => item.key === key);
  const present = (item: UploadItem): boolean => items.value.includes(item);

  function drop(key: string): void {
    uploads.get(key)?.abort();
    uploads.delete(key);
    clearTimeout(polls.get(key));
    polls.delete(key);
    files.delete(key);
    items.value = items.value.filter((item) => item.key !== key);
  }

  function settle(item: UploadItem, state: 'done' | 'refused', refusal: UploadRefusal | null = null): void {
    item.adopted = false;
    item.state = state;
    item.refusal = refusal;
    if (state === 'done') item.progress = 100;
    options.onSettled?.(item);
  }

  /** The document as the API describes it now: done, refused, or looked at again later. */
  function follow(item: UploadItem, document: UploadedDocument, attempt = 0): void {
    if (!present(item)) return;
    item.documentId = document.id;
    item.name = document.filename;
    item.size = document.size;
    if (document.status === 'clean') return settle(item, 'done');
    if (document.status === 'rejected') return settle(item, 'refused', 'malware');
    item.state = 'scanning';
    item.progress = 100;
    poll(item, document.id, attempt);
  }

  function poll(item: UploadItem, id: string, attempt: number): void {
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 15_000;
    polls.set(
      item.key,
      setTimeout(() => {
        polls.delete(item.key);
        api.getDocument(id).then(
          (document) => follow(item, document, attempt + 1),
          (error: unknown) => {
            if (!present(item)) return;
            if (error instanceof ApiProblem && error.status === 404) {
              item.error = error;
              settle(item, 'refused', 'failed');
            } else {
              poll(item, id, attempt + 1); // offline for a moment: look again later
            }
          },
        );
      }, delay),
    );
  }

  async function send(item: UploadItem): Promise<void> {
    const file = files.get(item.key);
    if (!file) return;
    Object.assign(item, { state: 'checking', progress: 0, refusal: null, error: undefined });
    const refusal = precheck(file, maxBytes);
    if (refusal) return settle(item, 'refused', refusal);
    const controller = new AbortController();
    uploads.set(item.key, controller);
    item.state = 'uploading';
    try {
      const document = await api.upload(file, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          // 100 only once the API has answered (it still reads, sniffs and stores the end)
          if (total > 0) item.progress = Math.min(99, Math.floor((loaded / total) * 100));
        },
      });
      follow(item, document);
    } catch (error) {
      if (isAbort(error) || !present(item)) return;
      item.error = error;
      settle(item, 'refused', refusalOf(error));
    } finally {
      if (uploads.get(item.key) === controller) uploads.delete(item.key);
    }
  }

  function entry(values: Partial<UploadItem> & { name: string; size: number }): UploadItem {
    return reactive<UploadItem>({
      key: `upload-${++nextKey}`,
      progress: 0,
      state: 'checking',
      documentId: null,
      refusal: null,
      error: undefined,
      removing: false,
      removeError: undefined,
      adopted: false,
      ...values,
    });
  }

  function add(chosen: readonly File[]): void {
    const added = chosen.map((file) => {
      const item = entry({ name: file.name, size: file.size });
      files.set(item.key, file);
      return item;
    });
    items.value = [...items.value, ...added];
    for (const item of added) void send(item);
  }

  function cancel(key: string): void {
    if (uploads.has(key)) drop(key);
  }

  function retry(key: string): void {
    const item = find(key);
    if (item && canRetry(item) && files.has(key)) void send(item);
  }

  async function remove(key: string): Promise<boolean> {
    const item = find(key);
    if (!item) return true;
    if (item.state === 'uploading') {
      cancel(key);
      return true;
    }
    if (item.documentId) {
      item.removing = true;
      item.removeError = undefined;
      try {
        await api.deleteDocument(item.documentId);
      } catch (error) {
        // gone already: removed all the same
        if (!(error instanceof ApiProblem && error.status === 404)) {
          item.removing = false;
          item.removeError = error;
          return false;
        }
      }
    }
    drop(key);
    return true;
  }

  function sync(ids: readonly string[]): void {
    const wanted = new Set(ids);
    for (const item of items.value) {
      const listed = item.documentId !== null && wanted.has(item.documentId);
      if (!listed && item.documentId && (item.state === 'done' || item.adopted)) drop(item.key);
    }
    const known = new Set(items.value.map((item) => item.documentId));
    const added = ids
      .filter((id) => !known.has(id))
      .map((id) => entry({ name: '', size: 0, documentId: id, progress: 100, adopted: true }));
    if (added.length === 0) return;
    items.value = [...items.value, ...added];
    for (const item of added) {
      api.getDocument(id(item)).then(
        (document) => follow(item, document),
        (error: unknown) => {
          if (!present(item)) return;
          item.error = error;
          settle(item, 'refused', 'failed');
        },
      );
    }
  }

  const documentIds = computed(() =>
    items.value.filter((item) => item.documentId !== null && (item.state === 'done' || item.adopted)).map(id),
  );
  const busy = computed(() =>
    items.value.some(
      (item) => item.state === 'uploading' || item.state === 'scanning' || item.state === 'checking',
    ),
  );

  onScopeDispose(() => {
    for (const controller of uploads.values()) controller.abort();
    for (const timer of polls.values()) clearTimeout(timer);
    uploads.clear();
    polls.clear();
  });

  return { items, documentIds, busy, add, cancel, retry, remove, sync };
}
