import { GENERIC_PROBLEMS, ProblemException } from '@buergeramt/platform';

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

function assertUnreachable(code: never): never {
  throw new Error(`unmapped error code ${String(code)}`);
}

/** The problem+json of an error code: stable `type` slugs clients may rely on. */
export function documentsProblem(code: DocumentsErrorCode, detail?: string): ProblemException {
  switch (code) {
    case 'document-not-found':
      return new ProblemException(
        404,
        'not-found',
        GENERIC_PROBLEMS[404].title,
        detail ?? 'There is no such document, or it is not yours.',
      );
    case 'verification-not-found':
      return new ProblemException(
        404,
        'not-found',
        GENERIC_PROBLEMS[404].title,
        detail ?? 'The city issued no document with this code (or it has been erased).',
      );
    case 'file-missing':
      return new ProblemException(422, 'validation-failed', GENERIC_PROBLEMS[422].title, detail, {
        errors: [{ field: 'file', message: 'a file is required (multipart/form-data, field "file")' }],
      });
    case 'file-too-large':
      return new ProblemException(413, 'payload-too-large', GENERIC_PROBLEMS[413].title, detail);
    case 'malformed-upload':
      return new ProblemException(
        400,
        'malformed-upload',
        'The upload is not a complete multipart/form-data body',
        detail ??
          'The body ended (or the connection closed) before the closing boundary. Send the file again.',
      );
    case 'upload-timeout':
      return new ProblemException(
        408,
        'request-timeout',
        GENERIC_PROBLEMS[408].title,
        detail ?? 'The upload stalled: no data arrived for too long. Send the file again.',
      );
    case 'unsupported-media-type':
      return new ProblemException(
        415,
        'unsupported-media-type',
        GENERIC_PROBLEMS[415].title,
        detail ?? 'Only PDF, JPEG and PNG files are accepted (decided by the content, not the name).',
      );
    case 'document-in-use':
      return new ProblemException(
        409,
        'document-in-use',
        'The document is part of a submitted application',
        detail ?? 'It can be deleted once the application is decided or withdrawn.',
      );
    case 'document-not-scanned':
      return new ProblemException(
        409,
        'document-not-scanned',
        'The document is still being scanned for malware',
        detail ?? 'Try again in a moment.',
      );
    case 'document-rejected':
      return new ProblemException(
        409,
        'document-rejected',
        'The document was rejected by the malware scan and is never served',
        detail,
      );
    case 'not-the-owner':
      return new ProblemException(
        403,
        'forbidden',
        GENERIC_PROBLEMS[403].title,
        detail ?? 'Only the owner may delete a document.',
      );
    default:
      return assertUnreachable(code);
  }
}
