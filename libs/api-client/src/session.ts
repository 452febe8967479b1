import type { components } from './schema';

export type LoginResult = components['schemas']['LoginResponseDto'];
export type SessionUser = LoginResult['user'];

/** Why a session ended: the person logged out, or the API refused to extend it (expired, revoked). */
export type SessionEndReason = 'logout' | 'expired';

export interface SessionOptions {
  /** Origin of the API ('' for the page's own origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Where the "a session may exist" hint is kept (no secret in it); defaults to localStorage. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Refresh this long before the access token expires. */
  refreshAheadSeconds?: number;
  /** Tell other tabs of this origin about log-in and log-out (BroadcastChannel), default true. */
  broadcast?: boolean;
  /**
   * The people this app keeps a session for (default: everyone). The refresh cookie belongs to the
   * browser, shared by the apps of this origin; a log-in or refresh that brings anyone else is not kept
   * here (`start()` and `resume()` answer false), and the app says so.
   */
  accepts?: (user: SessionUser) => boolean;
  /**
   * The key of the "a session may exist" hint (default `buergeramt.session`). Each app of the origin has
   * its own, so that one app forgetting a session it does not serve leaves the other's hint alone.
   */
  hintKey?: string;
}

const DEFAULT_HINT_KEY = 'buergeramt.session';
const LOCK_NAME = 'buergeramt-refresh';
const CHANNEL_NAME = 'buergeramt-session';
const REFRESH_PATH = '/api/v1/auth/refresh';
const LOGOUT_PATH = '/api/v1/auth/logout';

type Listener = (user: SessionUser | null, reason?: SessionEndReason) => void;

/**
 * The browser's session with the API. The access token lives in this object only (never in storage);
 * the refresh token is identity's HttpOnly cookie, which only `POST /auth/refresh` and `/auth/logout`
 * see. Refreshes are serialised, within the tab and across tabs (Web Locks), because identity revokes a
 * token family when one refresh token is used twice. A non-secret hint in localStorage remembers that a
 * session may exist, so a visitor who never logged in is not sent a refresh that can only fail.
 */
export class Session {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private currentUser: SessionUser | null = null;
  private pending: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly storage: SessionOptions['storage'];
  private readonly refreshAhead: number;
  private readonly channel: BroadcastChannel | null;
  private readonly accepts: (user: SessionUser) => boolean;
  private readonly hintKey: string;

  constructor(options: SessionOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storage = options.storage === undefined ? safeLocalStorage() : options.storage;
    this.refreshAhead = options.refreshAheadSeconds ?? 60;
    this.accepts = options.accepts ?? (() => true);
    this.hintKey = options.hintKey ?? DEFAULT_HINT_KEY;
    this.channel =
      options.broadcast !== false && typeof BroadcastChannel !== 'undefined'
        ? new BroadcastChannel(CHANNEL_NAME)
        : null;
    this.channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      // another tab logged out: this tab's refresh cookie is gone too
      if (event.data === 'logout' && this.currentUser) this.end('logout', false);
    });
  }

  get user(): SessionUser | null {
    return this.currentUser;
  }

  get loggedIn(): boolean {
    return this.currentUser !== null;
  }

  /** The access token, or null; `expiring` says it runs out within the next 10 seconds. */
  token(): { value: string; expiring: boolean } | null {
    if (!this.accessToken) return null;
    return { value: this.accessToken, expiring: Date.now() > this.expiresAt - 10_000 };
  }

  /** Called with the new user on log-in and refresh, with null and the reason when the session ends. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called with the reason whenever the session ends: the person logged out (here or in another tab), or
   * identity refused to extend it (`expired`: an app sends the person to log-in and back afterwards).
   */
  onEnd(listener: (reason: SessionEndReason) => void): () => void {
    return this.subscribe((user, reason) => {
      if (!user && reason) listener(reason);
    });
  }

  /**
   * Takes the answer of `POST /auth/login` (or of a refresh, or of another answer that starts a session).
   * Returns false, keeping nothing, for a person this app does not serve (`accepts`).
   */
  start(result: LoginResult): boolean {
    if (!this.accepts(result.user)) return false;
    this.accessToken = result.accessToken;
    this.expiresAt = Date.now() + result.expiresIn * 1000;
    this.currentUser = result.user;
    this.storage?.setItem(this.hintKey, '1');
    this.schedule(result.expiresIn);
    for (const listener of this.listeners) listener(result.user);
    return true;
  }

  /**
   * On page load: picks up a session the refresh cookie still holds (of a person this app serves). Never throws. Without `force` it asks
   * only when this browser logged in before; `force` after a federated (OpenID Connect) log-in, whose
   * callback set the cookie without this page knowing.
   */
  async resume(options: { force?: boolean } = {}): Promise<boolean> {
    if (this.loggedIn) return true;
    if (!options.force && this.storage && this.storage.getItem(this.hintKey) !== '1') return false;
    try {
      return await this.refresh();
    } catch {
      return false; // offline: the person can still log in when the API is back
    }
  }

  /**
   * Rotates the refresh cookie for a new access token. Resolves false when identity refuses (the session
   * is over, listeners hear 'expired'); throws when the API cannot be reached (nothing changes).
   */
  refresh(): Promise<boolean> {
    this.pending ??= this.serialised(() => this.doRefresh()).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Ends the session at identity (refresh token revoked) and here; other tabs follow. */
  async logout(): Promise<void> {
    try {
      await this.fetchImpl(`${this.baseUrl}${LOGOUT_PATH}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {},
      });
    } catch {
      // offline: the cookie stays until it expires, but this browser forgets the session now
    }
    this.end('logout', true);
  }

  /** Forgets the session locally (e.g. after the account was deleted). */
  end(reason: SessionEndReason, tellOtherTabs = true): void {
    const hadUser = this.currentUser !== null;
    this.accessToken = null;
    this.expiresAt = 0;
    this.currentUser = null;
    clearTimeout(this.timer);
    this.storage?.removeItem(this.hintKey);
    if (tellOtherTabs && reason === 'logout') this.channel?.postMessage('logout');
    if (hadUser) for (const listener of this.listeners) listener(null, reason);
  }

  private async doRefresh(): Promise<boolean> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${REFRESH_PATH}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw error instanceof Error ? error : new Error(String(error));
    }
    if (response.ok) {
      if (this.start((await response.json()) as LoginResult)) return true;
      // the cookie holds someone this app does not serve (the other app's log-in): nothing to keep here,
      // and that session is left alone at identity
      this.end('expired', false);
      return false;
    }
    if (response.status === 401 || response.status === 403) {
      this.end('expired', false);
      return false;
    }
    // 429, 5xx: the session may well be fine; keep it and let the caller report the failure
    throw new Error(`refresh answered ${response.status}`);
  }

  /** Runs `task` while holding the cross-tab refresh lock, where the browser has Web Locks. */
  private serialised(task: () => Promise<boolean>): Promise<boolean> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    // (the DOM typing does not unwrap the callback's promise; the lock's promise resolves to its value)
    return locks ? locks.request(LOCK_NAME, task).then((result) => result) : task();
  }

  private schedule(expiresIn: number): void {
    clearTimeout(this.timer);
    const inMs = Math.max(5, expiresIn - this.refreshAhead) * 1000;
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // offline now: the next API call retries through the 401 path
      });
    }, inMs);
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}
