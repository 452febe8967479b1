import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
// file-type 16 is the last CommonJS major; its maintained magic-byte tables decide the type
import { fromBuffer } from 'file-type';

/** Media types accepted for uploads, decided by the content. */
export const ALLOWED_MEDIA_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** file-type reads at most this many bytes from the start of a file. */
export const SNIFF_BYTES = 4100;

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends Error {
  constructor(readonly detected: string | null) {
    super(`content type ${detected ?? 'unknown'} is not accepted`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** The media type of `head` (the first bytes of a file), or null when not recognised. */
export async function sniffMediaType(head: Buffer): Promise<string | null> {
  const result = await fromBuffer(head);
  return result?.mime ?? null;
}

/**
 * A pass-through that looks at a file while it streams: holds back only the first {@link SNIFF_BYTES}
 * until the magic bytes have decided the type (so nothing of a refused file is stored), fails the stream
 * with {@link UnsupportedMediaTypeError} or {@link FileTooLargeError}, and computes SHA-256 and size.
 */
export class UploadInspector extends Transform {
  mediaType: string | null = null;
  size = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private decided = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(new FileTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.decided) return callback(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return callback();
    this.decide(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.decided) return callback();
    this.decide(callback);
  }

  private decide(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    sniffMediaType(head).then(
      (type) => {
        this.decided = true;
        this.mediaType = type;
        if (type === null || !ALLOWED_MEDIA_TYPES.includes(type)) {
          return callback(new UnsupportedMediaTypeError(type));
        }
        callback(null, head);
      },
      (error: Error) => callback(error),
    );
  }
}
