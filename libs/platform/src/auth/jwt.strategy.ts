import { Inject, Injectable, Logger } from '@nestjs/common';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, type VerifiedCallback } from 'passport-jwt';
import { ACCEPTED_ALGORITHMS, AUTH_OPTIONS } from './auth.constants';
import type { ResolvedAuthOptions } from './auth.options';
import { type AuthUser, toAuthUser } from './auth-user';

/** The JWKS could not be fetched (network, HTTP error, no usable keys): nothing can be verified. */
export class SigningKeysUnavailableError extends Error {
  override readonly name = 'SigningKeysUnavailableError';
}

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

/** The bearer token of the request, or `null` when there is no `Authorization: Bearer …` header. */
export function bearerToken(request: RequestWithHeaders): string | null {
  return extractBearer(request);
}

type KeyProvider = (
  request: unknown,
  rawJwtToken: string,
  done: (err: unknown, key?: string | Buffer) => void,
) => void;

/** The protected header of a compact JWS, or `null` when it cannot be read. */
function decodeHeader(token: string): Record<string, unknown> | null {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header)
      ? (header as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Gives no key (so the token is refused) unless the header names an accepted algorithm and a `kid`, before
 * any JWKS lookup: `alg: none`, HS* and tokens without `kid` never cause a fetch.
 */
function onlyAcceptedHeaders(provider: KeyProvider): KeyProvider {
  return (request, rawJwtToken, done) => {
    const header = decodeHeader(rawJwtToken);
    const accepted = (ACCEPTED_ALGORITHMS as readonly unknown[]).includes(header?.alg);
    if (!accepted || typeof header?.kid !== 'string' || header.kid === '') return done(null);
    provider(request, rawJwtToken, done);
  };
}

/**
 * passport-jwt strategy verifying identity's access tokens with keys from its JWKS (jwks-rsa: the key is
 * chosen by `kid`; keys are cached per `kid`; an unknown `kid` fetches the JWKS again, concurrent lookups
 * of the same `kid` share one fetch, and all fetches together are rate limited). Only ES256 and RS256 are
 * accepted; issuer, audience and expiry are checked.
 *
 * Deliberately not registered in passport's process-wide registry: {@link verifyRequest} runs this instance
 * directly, so two Nest apps in one process (tests, an all-in-one start) cannot swap each other's issuer,
 * audience or keys.
 */
@Injectable()
export class JwtStrategy extends Strategy {
  private static readonly logger = new Logger('JwtStrategy');

  constructor(@Inject(AUTH_OPTIONS) options: ResolvedAuthOptions) {
    super(
      {
        jwtFromRequest: extractBearer,
        secretOrKeyProvider: onlyAcceptedHeaders(
          passportJwtSecret({
            jwksUri: options.jwksUrl,
            cache: true,
            cacheMaxAge: options.jwksCacheMaxAgeMs,
            cacheMaxEntries: 10,
            rateLimit: true,
            jwksRequestsPerMinute: options.jwksRequestsPerMinute,
            timeout: options.jwksTimeoutMs,
            handleSigningKeyError: (err, cb) => {
              // No key for this kid (or too many lookups lately): the token is refused as invalid.
              if (!err || err.name === 'SigningKeyNotFoundError' || err.name === 'JwksRateLimitError') {
                return cb(null);
              }
              JwtStrategy.logger.warn(`Cannot fetch signing keys from ${options.jwksUrl}: ${err.message}`);
              return cb(new SigningKeysUnavailableError(err.message));
            },
          }),
        ),
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
  }

  /** Verifies the request's bearer token. Never rejects for a bad token: the outcome says what happened. */
  verifyRequest(request: RequestWithHeaders): Promise<AuthOutcome> {
    return new Promise<AuthOutcome>((resolve, reject) => {
      // What passport.authenticate() does: a per-request object inheriting from the strategy, given the
      // callbacks the strategy reports through.
      const attempt = Object.create(this) as JwtStrategy;
      attempt.success = (user: AuthUser) => resolve({ kind: 'success', user });
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
