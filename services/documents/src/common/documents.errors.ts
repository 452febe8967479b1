import { DomainProblem, GENERIC_PROBLEMS, type ProblemTable } from '@buergeramt/platform';

/** Every error this service raises on purpose; each maps to one problem type below. */
export type DocumentsErrorCode =
  | 'document-not-found'
  | 'verification-not-found'
  | 'file-missing'
  | 'file-too-large'
  | 'malformed-upload'
  | 'upload-timeout'
  | 'unsupported-media-type'
  | 'document-in-use'
  | 'document-not-scanned'
  | 'document-rejected'
  | 'not-the-owner';

/** The problem+json of each error code: stable `type` slugs clients may rely on. */
const PROBLEMS: ProblemTable<DocumentsErrorCode> = {
  'document-not-found': {
    status: 404,
    type: 'not-found',
    title: GENERIC_PROBLEMS[404].title,
    detail: 'There is no such document, or it is not yours.',
  },
  'verification-not-found': {
    status: 404,
    type: 'not-found',
    title: GENERIC_PROBLEMS[404].title,
    detail: 'The city issued no document with this code (or it has been erased).',
  },
  'file-missing': {
    status: 422,
    type: 'validation-failed',
    title: GENERIC_PROBLEMS[422].title,
    extensions: {
      errors: [{ field: 'file', message: 'a file is required (multipart/form-data, field "file")' }],
    },
  },
  'file-too-large': { status: 413, type: 'payload-too-large', title: GENERIC_PROBLEMS[413].title },
  'malformed-upload': {
    status: 400,
    title: 'The upload is not a complete multipart/form-data body',
    detail: 'The body ended (or the connection closed) before the closing boundary. Send the file again.',
  },
  'upload-timeout': {
    status: 408,
    type: 'request-timeout',
    title: GENERIC_PROBLEMS[408].title,
    detail: 'The upload stalled: no data arrived for too long. Send the file again.',
  },
  'unsupported-media-type': {
    status: 415,
    title: GENERIC_PROBLEMS[415].title,
    detail: 'Only PDF, JPEG and PNG files are accepted (decided by the content, not the name).',
  },
  'document-in-use': {
    status: 409,
    title: 'The document is part of a submitted application',
    detail: 'It can be deleted once the application is decided or withdrawn.',
  },
  'document-not-scanned': {
    status: 409,
    title: 'The document is still being scanned for malware',
    detail: 'Try again in a moment.',
  },
  'document-rejected': {
    status: 409,
    title: 'The document was rejected by the malware scan and is never served',
  },
  'not-the-owner': {
    status: 403,
    type: 'forbidden',
    title: GENERIC_PROBLEMS[403].title,
    detail: 'Only the owner may delete a document.',
  },
};

/** A problem+json error of the documents service. */
export class DocumentsProblem extends DomainProblem<DocumentsErrorCode> {
  constructor(code: DocumentsErrorCode, detail?: string, extensions?: Record<string, unknown>) {
    super(PROBLEMS, code, detail, extensions);
  }
}
