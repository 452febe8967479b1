import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The JWKS could not be fetched (network, HTTP error, no usable keys): nothing can be verified. */
export class SigningKeysUnavailableError extends Error {
  override readonly name = 'SigningKeysUnavailableError';
}

export interface JwksKeyStoreOptions {
  /** identity's JWKS */
  url: string;
  /** the whole key set is fetched again when it is older than this (keys removed from the JWKS go) */
  maxAgeMs: number;
  /**
   * unknown `kid`s fetch the key set again at most once per this interval, all of them together: a lookup
   * waits for the next such fetch (at most this long), however many unknown `kid`s arrive meanwhile
   */
  missRefreshIntervalMs: number;
  /** timeout of one fetch */
  timeoutMs: number;
  /** warnings (a failed fetch) */
  onWarning?: (message: string) => void;
}

/**
 * A public key of the set, parsed once when the set is fetched (a PEM string would be parsed again by every
 * verification: that was a tenth of the gateway's CPU on authenticated requests), and the algorithm the
 * JWK restricts it to, if it says.
 */
interface PublishedKey {
  key: KeyObject;
  alg?: string;
}

/** JWKS bodies larger than this are refused (identity publishes a handful of keys). */
const MAX_JWKS_BYTES = 256 * 1024;
const MAX_KEYS = 100;
/** After a failed fetch, the next try waits at most this long (less when the miss interval is shorter). */
const FAILURE_RETRY_MS = 1000;

/** The usable signing keys of a JWKS document: EC P-256 and RSA keys with a `kid`, for signatures. */
export function parseJwks(body: unknown): Map<string, PublishedKey> {
  const keys = new Map<string, PublishedKey>();
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return keys;
  for (const entry of list.slice(0, MAX_KEYS)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const jwk = entry as JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown };
    if (typeof jwk.kid !== 'string' || jwk.kid === '' || keys.has(jwk.kid)) continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (!(jwk.kty === 'RSA' || (jwk.kty === 'EC' && jwk.crv === 'P-256'))) continue;
    if (jwk.alg !== undefined && typeof jwk.alg !== 'string') continue;
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      keys.set(jwk.kid, { key, ...(jwk.alg === undefined ? {} : { alg: jwk.alg }) });
    } catch {
      // not a valid public key: skipped
    }
  }
  return keys;
}

const delay = (ms: number): Promise<void> =>
  ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * identity's signing keys for one process: the whole JWKS, cached, looked up by `kid`.
 *
 * - The set is fetched again when it is older than `maxAgeMs` (on the next lookup, whatever `kid` it asks
 *   for); when that fails, the keys fetched before stay usable. Expiry does not depend on unknown `kid`s.
 * - An unknown `kid` (identity has just rotated its key, or junk) is answered from a set fetched after the
 *   lookup began, since identity publishes a key before it signs with it. Such "miss" fetches are shared:
 *   at most one per `missRefreshIntervalMs`, and every lookup waiting meanwhile is answered by the next one.
 *   So tokens with random `kid`s cost one fetch per interval however many arrive, and a key identity
 *   rotated to is accepted on its first token, never refused because junk came just before (what a budget
 *   of fetches per minute, spent by whoever asks first, did).
 * - One fetch at a time: concurrent lookups wait for the fetch in flight.
 */
export class JwksKeyStore {
  private keys: Map<string, PublishedKey> | null = null;
  private fetchedAt = 0;
  /** number of the fetch the current set came from (fetches are numbered 1, 2, … as they start) */
  private setFetchNo = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastAttemptFailed = false;
  private lastMissFetchAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  /** the next miss fetch, waiting for its slot (null once it has started) */
  private nextMissFetch: Promise<void> | null = null;
  /** fetches started so far (tests) */
  fetches = 0;

  constructor(private readonly options: JwksKeyStoreOptions) {}

  /**
   * The key published for `kid`, `null` when the set does not have it (or restricts it to another
   * algorithm than `alg`). `worthFetching` is asked only when `kid` is unknown: `false` (the token cannot be
   * valid anyway, e.g. another issuer or expired) answers `null` without a fetch. Throws
   * {@link SigningKeysUnavailableError} when the set cannot be fetched and the key is not known from before.
   */
  async getKey(
    kid: string,
    alg: string,
    worthFetching: () => boolean = () => true,
  ): Promise<KeyObject | null> {
    const startedAfter = this.fetches;
    if (this.inFlight) await this.inFlight;
    else if (this.isExpired() && this.mayRetry()) await this.refresh();
    let key = this.keys?.get(kid);
    if (!key && this.setFetchNo <= startedAfter && worthFetching()) {
      await this.missFetchAfter(startedAfter);
      key = this.keys?.get(kid);
    }
    if (key) return key.alg === undefined || key.alg === alg ? key.key : null;
    if (this.keys === null || this.lastAttemptFailed) {
      throw new SigningKeysUnavailableError(`no signing keys from ${this.options.url}`);
    }
    return null;
  }

  /**
   * Whether `kid` is in the current key set (fetched within `maxAgeMs`): what a token remembered as
   * verified must still be signed with to be answered from memory. False for a set due to be fetched
   * again, so that the next verification fetches it and a withdrawn key is noticed.
   */
  publishes(kid: string): boolean {
    return !this.isExpired() && this.keys !== null && this.keys.has(kid);
  }

  /** Waits until a fetch numbered above `fetchNo` has ended (or the last one failed). */
  private async missFetchAfter(fetchNo: number): Promise<void> {
    // a miss fetch that has not started yet starts after this lookup began: joining it is enough; one in
    // flight may have read the set before identity published the key, so then the next one is waited for
    for (let round = 0; round < 3 && this.setFetchNo <= fetchNo; round += 1) {
      if (round > 0 && this.lastAttemptFailed) return;
      this.nextMissFetch ??= this.scheduleMissFetch();
      await this.nextMissFetch;
    }
  }

  private async scheduleMissFetch(): Promise<void> {
    const slot = this.lastMissFetchAt + this.options.missRefreshIntervalMs;
    const retry = this.lastAttemptFailed ? this.lastAttemptAt + this.retryWaitMs() : 0;
    await delay(Math.max(slot, retry) - Date.now());
    if (this.inFlight) await this.inFlight; // one fetch at a time
    this.nextMissFetch = null;
    this.lastMissFetchAt = Date.now();
    await this.refresh();
  }

  private isExpired(): boolean {
    return this.keys === null || Date.now() - this.fetchedAt >= this.options.maxAgeMs;
  }

  private retryWaitMs(): number {
    return Math.min(FAILURE_RETRY_MS, this.options.missRefreshIntervalMs);
  }

  /** After a failed fetch, the next one waits a little, so that an unreachable identity is not hammered. */
  private mayRetry(): boolean {
    return !this.lastAttemptFailed || Date.now() - this.lastAttemptAt >= this.retryWaitMs();
  }

  /** Fetches the set once (joining a fetch in flight); never rejects: the outcome is in the fields. */
  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchSet().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchSet(): Promise<void> {
    this.fetches += 1;
    const fetchNo = this.fetches;
    this.lastAttemptAt = Date.now();
    try {
      const response = await fetch(this.options.url, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_JWKS_BYTES) throw new Error('the JWKS is too large');
      const keys = parseJwks(JSON.parse(text) as unknown);
      if (keys.size === 0) throw new Error('the JWKS has no usable signing keys');
      this.keys = keys;
      this.fetchedAt = Date.now();
      this.setFetchNo = fetchNo;
      this.lastAttemptFailed = false;
    } catch (error) {
      this.lastAttemptFailed = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.options.onWarning?.(`Cannot fetch signing keys from ${this.options.url}: ${reason}`);
    }
  }
}
