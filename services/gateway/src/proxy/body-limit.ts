import { Transform, type TransformCallback } from 'node:stream';
import { chunkReclaimer } from '@buergeramt/platform';

/** Raised (on the body stream, or before reading it) when a request body is over its limit. */
export class BodyTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'GATEWAY_BODY_TOO_LARGE';

  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Content types streamed as uploads (UPLOAD_BODY_LIMIT); everything else has the small JSON limit. */
export function isUpload(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('multipart/') || type === 'application/octet-stream';
}

/**
 * Passes a body through unchanged while counting it, and fails with `BodyTooLargeError` as soon as
 * it exceeds `limit` bytes: nothing is buffered beyond the stream's own small high-water mark.
 */
export class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      callback(new BodyTooLargeError(this.limit));
      return;
    }
    chunkReclaimer.passed(chunk.length); // garbage once forwarded: see ChunkReclaimer
    callback(null, chunk);
  }
}

/** Whether an error (or one of its causes) is a body over the limit. */
export function findBodyTooLarge(error: unknown): BodyTooLargeError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof BodyTooLargeError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
