import type { MultipartFile } from '@fastify/multipart';
import type { ProblemException } from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DocumentsProblem } from '../common/documents.errors';

/** Why an upload's body could not be read to its end. */
export type UploadBreak = 'aborted' | 'idle' | 'malformed';

const BREAK_MESSAGES: Readonly<Record<UploadBreak, string>> = {
  aborted: 'the client closed the connection before the body was complete',
  idle: 'no data arrived within the idle timeout',
  malformed: 'the body ended without the closing multipart boundary',
};

export class UploadBrokenError extends Error {
  constructor(readonly reason: UploadBreak) {
    super(BREAK_MESSAGES[reason]);
    this.name = 'UploadBrokenError';
  }
}

/** The problem+json a broken upload is answered with (nobody hears the answer to an aborted one). */
export function brokenUploadProblem(error: UploadBrokenError): ProblemException {
  return error.reason === 'idle'
    ? new DocumentsProblem('upload-timeout')
    : new DocumentsProblem('malformed-upload');
}

/** The `boundary` parameter of a multipart Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Watches the raw body of a multipart upload while the parser reads it, and turns what the parser alone
 * would leave hanging into one failure ({@link UploadBrokenError}):
 *
 * - `aborted`: the connection closed before the body ended (a dropped mobile upload);
 * - `idle`: no byte arrived for `idleMs` while the service was ready to read (a stalled body; time the
 *   service itself holds the body back, e.g. a slow disk's backpressure, does not count);
 * - `malformed`: the body ended without the closing delimiter `--boundary--` (busboy would only report
 *   this on the file part, and not at all when it happens before or after it).
 *
 * Only the last few bytes of each chunk are copied (to find a delimiter split across two chunks).
 */
export class UploadBody {
  private readonly needle: Buffer;
  /** the bytes before the current chunk a split delimiter may start in (a virtual CRLF at first) */
  private tail = Buffer.from('\r\n');
  private closingSeen = false;
  private ended = false;
  private broken?: UploadBrokenError;
  private timer?: NodeJS.Timeout;
  private resolveComplete!: () => void;
  private rejectComplete!: (error: UploadBrokenError) => void;
  /** Resolves once the body has ended with its closing delimiter; rejects when it breaks. */
  readonly complete: Promise<void>;
  /** Rejects when the body breaks; never resolves. */
  private readonly failure: Promise<never>;

  constructor(
    private readonly raw: Readable,
    boundary: string,
    private readonly idleMs: number,
  ) {
    this.needle = Buffer.from(`\r\n--${boundary}--`, 'latin1');
    this.complete = new Promise<void>((resolve, reject) => {
      this.resolveComplete = resolve;
      this.rejectComplete = reject;
    });
    this.failure = this.complete.then(() => new Promise<never>(() => undefined));
    this.complete.catch(() => undefined);
    this.failure.catch(() => undefined);
    raw.on('data', this.onData);
    raw.once('end', this.onEnd);
    raw.once('close', this.onClose);
    raw.once('error', this.onClose);
    this.arm();
  }

  /** `promise`, or the body's failure if that comes first. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.failure]);
  }

  /**
   * Once the file part is read: waits for the rest of the body ({@link complete}, or its failure). The
   * parser lets go of the body when one of its limits is reached (a second file part, too many parts),
   * which pauses it: it is read on here, so that such a body ends too (what follows the file is discarded)
   * instead of waiting forever, since a paused body never looks idle.
   */
  finish(): Promise<void> {
    if (!this.ended && !this.broken) this.raw.resume();
    return this.guard(this.complete);
  }

  /**
   * What really went wrong when reading the body failed with `error` (the parser's "Part terminated
   * early", a file stream closed under us, …): the body's own failure if there is one, else a cut-off
   * body. Errors that are not about the body (refused content, storage) come back unchanged.
   */
  explain(error: unknown): unknown {
    if (this.broken) return this.broken;
    if (error instanceof UploadBrokenError) return error;
    if (isParserError(error)) {
      return new UploadBrokenError(this.raw.destroyed && !this.ended ? 'aborted' : 'malformed');
    }
    return error;
  }

  /** Stops watching (the timer and the listeners); idempotent. */
  dispose(): void {
    clearTimeout(this.timer);
    this.raw.off('data', this.onData);
    this.raw.off('end', this.onEnd);
    this.raw.off('close', this.onClose);
    this.raw.off('error', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.arm();
    if (this.closingSeen) return;
    const n = this.needle.length;
    const seam = Buffer.concat([this.tail, chunk.subarray(0, n - 1)]);
    if (seam.includes(this.needle) || chunk.includes(this.needle)) {
      this.closingSeen = true;
      return;
    }
    this.tail =
      chunk.length >= n - 1
        ? Buffer.from(chunk.subarray(chunk.length - (n - 1)))
        : Buffer.from(seam.subarray(Math.max(0, seam.length - (n - 1))));
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    clearTimeout(this.timer);
    if (this.closingSeen) this.resolveComplete();
    else this.fail('malformed');
  };

  private readonly onClose = (): void => {
    if (!this.ended) this.fail('aborted');
  };

  private arm(): void {
    clearTimeout(this.timer);
    if (this.ended || this.broken) return;
    this.timer = setTimeout(() => {
      // the service is holding the body back (backpressure): not the client's pause
      if (this.raw.readableFlowing === false || this.raw.readableLength > 0) this.arm();
      else this.fail('idle');
    }, this.idleMs);
    this.timer.unref();
  }

  private fail(reason: UploadBreak): void {
    if (this.broken) return;
    this.broken = new UploadBrokenError(reason);
    clearTimeout(this.timer);
    this.rejectComplete(this.broken);
  }
}

/** busboy's errors about the body itself ("Part terminated early …", "Unexpected end of multipart data"). */
function isParserError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    /terminated early|Unexpected end of multipart|Malformed part header|Boundary not found/i.test(
      error.message,
    ) ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ECONNRESET'
  );
}

/** The `file` part of a multipart request, with its body watched. */
export interface ReceivedUpload {
  part: MultipartFile;
  body: UploadBody;
}

/**
 * Starts reading a multipart request and resolves with its first file part once its headers arrived,
 * and a watch over the body. Throws problem+json: 400 `malformed-upload` (no boundary, or the body ended
 * or closed first), 408 `request-timeout` (stalled), 422 `validation-failed` (no part named `file`). The
 * caller must `dispose()` the watch when done.
 */
export async function receiveFile(request: FastifyRequest, idleMs: number): Promise<ReceivedUpload> {
  const boundary = multipartBoundary(request.headers['content-type']);
  if (!boundary)
    throw new DocumentsProblem('malformed-upload', 'The multipart Content-Type has no boundary.');
  // request.file() hands the body to the parser synchronously: only then may the watch listen to it
  const pending = request.file();
  pending.catch(() => undefined);
  const body = new UploadBody(request.raw, boundary, idleMs);
  let part: MultipartFile | undefined;
  try {
    part = await body.guard(pending);
  } catch (error) {
    body.dispose();
    const explained = body.explain(error);
    if (explained instanceof UploadBrokenError) throw brokenUploadProblem(explained);
    throw new DocumentsProblem('malformed-upload', 'The multipart body could not be read.');
  }
  if (!part) {
    // the parser reports a body cut off before any file part as "no more parts": tell the two apart
    const broken = await body.complete.then(
      () => undefined,
      (error: UploadBrokenError) => error,
    );
    body.dispose();
    if (broken) throw brokenUploadProblem(broken);
    throw new DocumentsProblem('file-missing');
  }
  if (part.fieldname !== 'file') {
    part.file.resume();
    body.dispose();
    throw new DocumentsProblem('file-missing');
  }
  return { part, body };
}
