import { Inject, Injectable, Logger } from '@nestjs/common';
import { ExtractJwt, Strategy, type VerifiedCallback } from 'passport-jwt';
import { ACCEPTED_ALGORITHMS, AUTH_OPTIONS } from './auth.constants';
import type { ResolvedAuthOptions } from './auth.options';
import { type AuthUser, toAuthUser } from './auth-user';
import { JwksKeyStore, SigningKeysUnavailableError } from './jwks-key-store';

export { SigningKeysUnavailableError };

/** What verifying one request's bearer token came to. */
export type AuthOutcome =
  | { kind: 'success'; user: AuthUser }
  /** no token, or a token that is not valid; `reason` is for logs only */
  | { kind: 'fail'; reason: unknown }
  /** the keys could not be fetched, so the token could not be judged */
  | { kind: 'unavailable'; reason: SigningKeysUnavailableError };

/** The request fields the strategy reads (Fastify's and Express's requests both have them). */
export interface RequestWithHeaders {
  headers: Record<string, string | string[] | undefined>;
}

const extractBearer = ExtractJwt.fromAuthHeaderAsBearerToken();
/** Verified tokens kept at most (the oldest go first); a token is a few hundred bytes. */
const MAX_CACHED_TOKENS = 10_000;

/** The bearer token of the request, or `null` when there is no `Authorization: Bearer …` header. */
export function bearerToken(request: RequestWithHeaders): string | null {
  return extractBearer(request);
}

type KeyProvider = (
  request: unknown,
  rawJwtToken: string,
  done: (err: unknown, key?: string | Buffer) => void,
) => void;

/** One part (0: header, 1: payload) of a compact JWS as an object, or `null` when it cannot be read. */
function decodePart(token: string, part: 0 | 1): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(token.split('.')[part] ?? '', 'base64url').toString('utf8'),
    );
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Whether a token's claims could pass the checks after the signature (issuer, audience, expiry): a token
 * that cannot is refused without looking for its key, so junk with a foreign issuer or an old expiry never
 * waits for or causes a JWKS fetch. Only asked for tokens whose `kid` is not in the cached key set.
 */
function couldBeValid(token: string, options: ResolvedAuthOptions): boolean {
  const payload = decodePart(token, 1);
  if (!payload || payload.iss !== options.issuer) return false;
  const wanted = Array.isArray(options.audience) ? options.audience : [options.audience];
  const given: unknown[] = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!given.some((aud) => typeof aud === 'string' && wanted.includes(aud))) return false;
  return typeof payload.exp === 'number' && payload.exp + options.clockToleranceSec > Date.now() / 1000;
}

/**
 * Gives no key (so the token is refused) unless the header names an accepted algorithm and a `kid`, before
 * any JWKS lookup: `alg: none`, HS* and tokens without `kid` never cause a fetch. The key comes from the
 * cached key set ({@link JwksKeyStore}); a set that cannot be fetched is reported as
 * {@link SigningKeysUnavailableError} (503, not 401).
 */
function keyProvider(store: JwksKeyStore, options: ResolvedAuthOptions): KeyProvider {
  return (_request, rawJwtToken, done) => {
    const header = decodePart(rawJwtToken, 0);
    const alg = header?.alg;
    const accepted = (ACCEPTED_ALGORITHMS as readonly unknown[]).includes(alg);
    if (!accepted || typeof alg !== 'string' || typeof header?.kid !== 'string' || header.kid === '') {
      return done(null);
    }
    store
      .getKey(header.kid, alg, () => couldBeValid(rawJwtToken, options))
      .then(
        // jsonwebtoken verifies with a KeyObject as with a PEM, without parsing it again; passport-jwt's
        // types name only string | Buffer
        (key) => done(null, (key ?? undefined) as unknown as string | undefined),
        (error: unknown) => done(error),
      );
  };
}

/**
 * passport-jwt strategy verifying identity's access tokens with keys from its JWKS (the key is chosen by
 * `kid` from the whole key set, cached; see {@link JwksKeyStore} for when it is fetched again). Only ES256
 * and RS256 are accepted; issuer, audience and expiry are checked.
 *
 * Deliberately not registered in passport's process-wide registry: {@link verifyRequest} runs this instance
 * directly, so two Nest apps in one process (tests, an all-in-one start) cannot swap each other's issuer,
 * audience or keys.
 */
@Injectable()
export class JwtStrategy extends Strategy {
  private static readonly logger = new Logger('JwtStrategy');
  /**
   * Tokens that verified: until when, and the key that signed them, they are answered from here (insertion
   * order: oldest first).
   */
  private readonly verified = new Map<string, { user: AuthUser; until: number; kid: string }>();
  private readonly cacheMs: number;
  private readonly store: JwksKeyStore;

  constructor(@Inject(AUTH_OPTIONS) options: ResolvedAuthOptions) {
    const store = new JwksKeyStore({
      url: options.jwksUrl,
      maxAgeMs: options.jwksCacheMaxAgeMs,
      missRefreshIntervalMs: options.jwksRefreshIntervalMs,
      timeoutMs: options.jwksTimeoutMs,
      onWarning: (message) => JwtStrategy.logger.warn(message),
    });
    super(
      {
        jwtFromRequest: extractBearer,
        secretOrKeyProvider: keyProvider(store, options),
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        ignoreExpiration: false,
        jsonWebTokenOptions: { clockTolerance: options.clockToleranceSec },
      },
      (payload: unknown, done: VerifiedCallback) => {
        const user = toAuthUser(payload);
        if (user) done(null, user);
        else done(null, false, new Error('access token claims are malformed'));
      },
    );
    this.cacheMs = options.verifiedTokenCacheMs;
    this.store = store;
  }

  /**
   * A token verified within the last `verifiedTokenCacheMs`, not expired since, and signed with a key of
   * the current key set: its user. So a key identity withdraws stops being accepted from memory as soon as
   * the key store has noticed (its next fetch), never later than by verifying.
   */
  private cachedUser(token: string | null): AuthUser | null {
    if (token === null || this.cacheMs === 0) return null;
    const hit = this.verified.get(token);
    if (!hit) return null;
    if (hit.until > Date.now() && this.store.publishes(hit.kid)) return hit.user;
    this.verified.delete(token);
    return null;
  }

  private remember(token: string | null, user: AuthUser): void {
    if (token === null || this.cacheMs === 0) return;
    const exp = decodePart(token, 1)?.exp;
    const kid = decodePart(token, 0)?.kid;
    if (typeof exp !== 'number' || typeof kid !== 'string') return;
    const until = Math.min(Date.now() + this.cacheMs, exp * 1000);
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { user, until, kid });
  }

  /** Verifies the request's bearer token. Never rejects for a bad token: the outcome says what happened. */
  verifyRequest(request: RequestWithHeaders): Promise<AuthOutcome> {
    const token = extractBearer(request);
    const cached = this.cachedUser(token);
    if (cached) return Promise.resolve({ kind: 'success', user: cached });
    return new Promise<AuthOutcome>((resolve, reject) => {
      // What passport.authenticate() does: a per-request object inheriting from the strategy, given the
      // callbacks the strategy reports through.
      const attempt = Object.create(this) as JwtStrategy;
      attempt.success = (user: AuthUser) => {
        this.remember(token, user);
        resolve({ kind: 'success', user });
      };
      attempt.fail = (challenge?: unknown) =>
        resolve(
          challenge instanceof SigningKeysUnavailableError
            ? { kind: 'unavailable', reason: challenge }
            : { kind: 'fail', reason: challenge },
        );
      attempt.error = (err: Error) => reject(err);
      attempt.pass = () => resolve({ kind: 'fail', reason: new Error('strategy passed') });
      attempt.redirect = () => resolve({ kind: 'fail', reason: new Error('strategy redirected') });
      try {
        attempt.authenticate(request as never, {});
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
}
