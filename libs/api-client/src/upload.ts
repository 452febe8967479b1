import { withAccessToken } from './client';
import { ApiProblem } from './problem';
import type { components } from './schema';
import type { Session } from './session';

/** A document as the API describes it (`POST /documents`, `GET /documents/{id}`). */
export type UploadedDocument = components['schemas']['DocumentDto'];

export interface UploadOptions {
  /** The browser's session: its token goes into `Authorization`, a 401 refreshes it once. */
  session?: Session;
  /** Origin of the API ('' for the page's own origin). */
  baseUrl?: string;
  /** The language problem texts should come in (`Accept-Language`). */
  language?: () => string;
  /** Makes the request object; default `new XMLHttpRequest()` (tests pass a fake). */
  createRequest?: () => XMLHttpRequest;
}

export interface UploadProgress {
  /** bytes of the request body sent so far */
  loaded: number;
  /** bytes of the whole request body (the file and the multipart framing around it) */
  total: number;
}

export interface UploadControls {
  /** Called as the body goes out; starts over from 0 when the request is repeated after a refresh. */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting stops the upload; the promise then rejects with a DOMException named `AbortError`. */
  signal?: AbortSignal;
}

const UPLOAD_PATH = '/api/v1/documents';

/**
 * Uploads one file as `POST /documents` (multipart/form-data, field `file`) and resolves with the
 * stored document (`status` may be `pending_scan` while a virus scanner looks at it). XMLHttpRequest
 * rather than fetch, because only it reports the progress of a request body. Auth as `createApi` does it
 * (the same `withAccessToken`): the session's token, refreshed ahead of expiry and once after a 401.
 * Every refusal rejects with an `ApiProblem` (413 `payload-too-large`, 415 `unsupported-media-type`,
 * 400 `malformed-upload`, 408 `request-timeout`, ...; a lost connection is `network-error`); an abort
 * through `signal` rejects with an `AbortError`, as fetch does.
 */
export async function uploadDocument(
  options: UploadOptions,
  file: Blob,
  controls: UploadControls = {},
): Promise<UploadedDocument> {
  const { session } = options;
  const { signal } = controls;
  const url = `${(options.baseUrl ?? '').replace(/\/+$/, '')}${UPLOAD_PATH}`;
  const filename = file instanceof File ? file.name : 'upload';
  const once = (token: string | null): Promise<Response> => {
    const body = new FormData();
    body.append('file', file, filename);
    return send(url, body, {
      token,
      language: options.language?.(),
      createRequest: options.createRequest,
      onProgress: controls.onProgress,
      signal,
    });
  };
  throwIfAborted(signal);
  const response = session ? await withAccessToken(session, (token) => once(token)) : await once(null);
  throwIfAborted(signal);
  const body = await readBody(response);
  if (!response.ok) throw ApiProblem.fromResponse(response, body);
  return body as UploadedDocument;
}

interface SendOptions {
  token: string | null;
  language: string | undefined;
  createRequest: (() => XMLHttpRequest) | undefined;
  onProgress: ((progress: UploadProgress) => void) | undefined;
  signal: AbortSignal | undefined;
}

/** One XMLHttpRequest, its answer as a fetch Response; rejects on a network failure or an abort. */
function send(url: string, body: FormData, options: SendOptions): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const xhr = options.createRequest?.() ?? new XMLHttpRequest();
    const onAbort = (): void => xhr.abort();
    const settle = (): void => signal?.removeEventListener('abort', onAbort);

    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    if (options.language) xhr.setRequestHeader('accept-language', options.language);
    if (options.token) xhr.setRequestHeader('authorization', `Bearer ${options.token}`);
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event: ProgressEvent) => {
      options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    });
    xhr.addEventListener('load', () => {
      settle();
      if (xhr.status === 0) reject(ApiProblem.network(new TypeError('The upload got no answer')));
      else resolve(toResponse(xhr));
    });
    xhr.addEventListener('error', () => {
      settle();
      reject(ApiProblem.network(new TypeError('The upload could not be sent')));
    });
    xhr.addEventListener('abort', () => {
      settle();
      reject(abortError(signal));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
}

/** The finished request as a fetch Response, so the problem mapping of `ok()` applies unchanged. */
function toResponse(xhr: XMLHttpRequest): Response {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const status = xhr.status;
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : String(xhr.responseText ?? ''), {
    status,
    statusText: xhr.statusText,
    headers,
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // a proxy's HTML page: ApiProblem makes it `unexpected-answer`
  }
}

function abortError(signal: AbortSignal | undefined): DOMException {
  const reason: unknown = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  return new DOMException('The upload was aborted', 'AbortError');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
