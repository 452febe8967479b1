import { setTimeout as sleep } from 'node:timers/promises';

/** What the client saw on one try. */
export interface Attempt {
  method: string;
  path: string;
  /** HTTP status, or `error` when no answer came (refused, reset, timed out) */
  status: number | 'error';
  contentType: string | null;
  problemType: string | null;
  error: string | null;
  at: number;
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
  tries: number;
}

export class GaveUp extends Error {
  constructor(
    readonly what: string,
    readonly last: Attempt,
  ) {
    super(`${what}: gave up after retries (last ${last.status}${last.error ? ` ${last.error}` : ''})`);
  }
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  /** keep retrying until this time (epoch ms); default: 3 minutes from the first try */
  retryUntil?: number;
}

const RETRYABLE = (status: number): boolean => status >= 500 || status === 429;

/**
 * The public API as a real client uses it: JSON over the gateway, retrying on 5xx, 429 and connection
 * errors with backoff (250 ms doubling up to 2 s), with the same Idempotency-Key on every try of a
 * request. Any other 4xx is the answer. Every try is recorded in `attempts`.
 */
export class ApiClient {
  readonly attempts: Attempt[] = [];
  /** requests waiting for an answer right now, by the first segment of their path (`/appointments`) */
  private readonly pending = new Map<string, number>();

  constructor(private readonly base: string) {}

  inFlight(root: string): number {
    return this.pending.get(root) ?? 0;
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const deadline = options.retryUntil ?? Date.now() + 180_000;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let delay = 250;
    for (let tries = 1; ; tries++) {
      const attempt: Attempt = {
        method,
        path,
        status: 'error',
        contentType: null,
        problemType: null,
        error: null,
        at: Date.now(),
      };
      this.attempts.push(attempt);
      const root = `/${path.split(/[/?]/)[1] ?? ''}`;
      this.pending.set(root, this.inFlight(root) + 1);
      try {
        const res = await fetch(`${this.base}/api/v1${path}`, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await res.text();
        attempt.status = res.status;
        attempt.contentType = res.headers.get('content-type');
        let body: unknown = text;
        if (text && attempt.contentType?.includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        if (attempt.contentType?.includes('problem+json') && typeof body === 'object' && body) {
          const type = (body as { type?: unknown }).type;
          attempt.problemType = typeof type === 'string' ? type : null;
        }
        if (!RETRYABLE(res.status))
          return { status: res.status, body: body as T, headers: res.headers, tries };
      } catch (error) {
        // fetch says "fetch failed"; what happened is in its cause (ECONNRESET, UND_ERR_SOCKET, ...)
        const cause =
          error instanceof Error
            ? (error.cause as { code?: string; message?: string } | undefined)
            : undefined;
        attempt.error =
          error instanceof Error
            ? `${error.name}: ${cause?.code ?? cause?.message ?? error.message}`
            : String(error);
      } finally {
        this.pending.set(root, this.inFlight(root) - 1);
      }
      if (Date.now() + delay > deadline) throw new GaveUp(`${method} ${path}`, attempt);
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }
}
