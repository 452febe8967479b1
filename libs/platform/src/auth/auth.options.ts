import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';

/** How a service verifies the access tokens identity issues. */
export interface AuthModuleOptions {
  /** identity's JWKS, e.g. `http://identity:3001/auth/jwks` */
  jwksUrl: string;
  /** the `iss` every token must carry */
  issuer: string;
  /** the `aud` a token must carry (one of them, when several are given) */
  audience: string | string[];
  /** how long the fetched key set is used before it is fetched again (default 10 min) */
  jwksCacheMaxAgeMs?: number;
  /** seconds of clock skew allowed on `exp`/`nbf` (default 5) */
  clockToleranceSec?: number;
  /**
   * tokens with a `kid` not in the cached key set fetch the set again at most once per this interval, all
   * together (default 1 s): such a token waits for the next fetch, at most this long. Fetches when the set
   * expires do not count against it. See `JwksKeyStore`.
   */
  jwksRefreshIntervalMs?: number;
  /** timeout of one JWKS fetch (default 5 s) */
  jwksTimeoutMs?: number;
  /**
   * a token that verified is answered from memory for this long at most (default 10 min, the key set's
   * default age; never past its `exp`, and only while its key is in the current key set; 0 = verify every
   * time): an app sends the same token with every request, and an ES256 verification costs more than the
   * rest of a proxied request. A key identity withdraws stops being accepted when the key store fetches
   * the set again, from memory as by verifying.
   */
  verifiedTokenCacheMs?: number;
}

export interface AuthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
  inject?: FactoryProvider['inject'];
}

export type ResolvedAuthOptions = Required<AuthModuleOptions>;

export const AUTH_DEFAULTS = {
  jwksCacheMaxAgeMs: 10 * 60 * 1000,
  clockToleranceSec: 5,
  jwksRefreshIntervalMs: 1000,
  jwksTimeoutMs: 5000,
  verifiedTokenCacheMs: 10 * 60 * 1000,
} as const;

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`AuthModule: ${name} must be a number >= 0`);
  return value;
}

/** Checks the options once at start, so that a misconfigured service fails to boot instead of refusing every token. */
export function resolveAuthOptions(options: AuthModuleOptions): ResolvedAuthOptions {
  let url: URL;
  try {
    url = new URL(options.jwksUrl);
  } catch {
    throw new Error('AuthModule: jwksUrl must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error('AuthModule: jwksUrl must be an http(s) URL');
  }
  if (typeof options.issuer !== 'string' || options.issuer.trim() === '') {
    throw new Error('AuthModule: issuer must be a non-empty string');
  }
  const audiences = Array.isArray(options.audience) ? options.audience : [options.audience];
  if (audiences.length === 0 || audiences.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw new Error('AuthModule: audience must be a non-empty string or a list of them');
  }
  return {
    jwksUrl: url.toString(),
    issuer: options.issuer,
    audience: Array.isArray(options.audience) ? [...options.audience] : options.audience,
    jwksCacheMaxAgeMs: nonNegative(
      'jwksCacheMaxAgeMs',
      options.jwksCacheMaxAgeMs,
      AUTH_DEFAULTS.jwksCacheMaxAgeMs,
    ),
    clockToleranceSec: nonNegative(
      'clockToleranceSec',
      options.clockToleranceSec,
      AUTH_DEFAULTS.clockToleranceSec,
    ),
    jwksRefreshIntervalMs: nonNegative(
      'jwksRefreshIntervalMs',
      options.jwksRefreshIntervalMs,
      AUTH_DEFAULTS.jwksRefreshIntervalMs,
    ),
    jwksTimeoutMs: nonNegative('jwksTimeoutMs', options.jwksTimeoutMs, AUTH_DEFAULTS.jwksTimeoutMs),
    verifiedTokenCacheMs: nonNegative(
      'verifiedTokenCacheMs',
      options.verifiedTokenCacheMs,
      AUTH_DEFAULTS.verifiedTokenCacheMs,
    ),
  };
}
