import {
  ok,
  uploadDocument,
  type Schema,
  type UploadControls,
  type UploadedDocument,
} from '@buergeramt/api-client';
import { UPLOAD_EXTENSIONS, UPLOAD_MAX_BYTES, UPLOAD_MEDIA_TYPES } from '@buergeramt/ui';
import { currentLocale } from '../i18n';
import { api, session } from './api';
import { saveFile } from './saveFile';

/**
 * The documents API as the app uses it: uploads (with progress), the resident's documents, download
 * and delete. Used by "My documents" and by every page that attaches files (DocumentUpload).
 */

export type DocumentInfo = UploadedDocument;
export type DocumentPage = Schema<'DocumentPageDto'>;

/** What the API accepts (decided by the content on the server; this pre-check goes by name and type). */
export const ACCEPTED_MEDIA_TYPES = UPLOAD_MEDIA_TYPES;
export const ACCEPTED_EXTENSIONS = UPLOAD_EXTENSIONS;
/** The documents service's UPLOAD_MAX_BYTES (20 MiB); the API does not publish it. */
export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;

/** Uploads one file through the session; rejects with an ApiProblem or an AbortError. */
export function upload(file: File, controls: UploadControls = {}): Promise<DocumentInfo> {
  return uploadDocument({ session, language: currentLocale }, file, controls);
}

export function getDocument(id: string): Promise<DocumentInfo> {
  return ok(api.GET('/api/v1/documents/{id}', { params: { path: { id } } }));
}

/** The resident's documents, uploaded and issued, newest first, a page at a time. */
export function listDocuments(cursor?: string, limit = 20): Promise<DocumentPage> {
  return ok(api.GET('/api/v1/documents', { params: { query: { limit, cursor } } }));
}

/** Deletes an own document; 409 `document-in-use` while it belongs to a submitted application. */
export async function deleteDocument(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/documents/{id}', { params: { path: { id } } }));
}

/** Fetches the file through the session and hands it to the browser as a download under its name. */
export async function downloadDocument(document: Pick<DocumentInfo, 'id' | 'filename' | 'mediaType'>) {
  const data: unknown = await ok(
    api.GET('/api/v1/documents/{id}/content', { params: { path: { id: document.id } }, parseAs: 'blob' }),
  );
  const blob = data instanceof Blob ? data : new Blob([String(data)]);
  saveFile(new Blob([blob], { type: document.mediaType }), document.filename);
}
