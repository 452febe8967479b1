import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig, SecretKey32, ToBoolean } from '@buergeramt/platform';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  Validate,
} from 'class-validator';

/** One OpenID Connect provider citizens may log in with (an entry of `OIDC_PROVIDERS`). */
export interface OidcProviderConfig {
  /** path segment: /auth/oidc/{id}/start */
  id: string;
  /** issuer URL; its /.well-known/openid-configuration is read on first use */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** space separated; `openid` is always requested */
  scopes: string;
  /** the button label in the citizen app */
  displayName: string;
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Reads `OIDC_PROVIDERS` (a JSON array) into provider configs, or explains what is wrong with it. */
export function parseOidcProviders(value: unknown): OidcProviderConfig[] | string {
  if (value === undefined || value === null || value === '') return [];
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return 'must be a JSON array of {id, issuer, clientId, clientSecret, scopes?, displayName?}';
    }
  }
  if (!Array.isArray(parsed)) return 'must be a JSON array';
  const providers: OidcProviderConfig[] = [];
  for (const [index, entry] of parsed.entries()) {
    if (typeof entry !== 'object' || entry === null) return `entry ${index} must be an object`;
    const e = entry as Record<string, unknown>;
    const str = (key: string): string | undefined => (typeof e[key] === 'string' ? e[key] : undefined);
    const id = str('id');
    if (!id || !PROVIDER_ID.test(id)) return `entry ${index}: id must be 1-32 of a-z, 0-9, "-"`;
    if (providers.some((p) => p.id === id)) return `entry ${index}: id "${id}" is used twice`;
    const issuer = str('issuer');
    if (!issuer || !/^https?:\/\/\S+$/.test(issuer)) return `entry ${index}: issuer must be an http(s) URL`;
    const clientId = str('clientId');
    const clientSecret = str('clientSecret');
    if (!clientId) return `entry ${index}: clientId is required`;
    if (!clientSecret) return `entry ${index}: clientSecret is required`;
    const scopes = new Set(['openid', ...(str('scopes') ?? 'openid email profile').split(/\s+/)]);
    scopes.delete('');
    providers.push({
      id,
      issuer,
      clientId,
      clientSecret,
      scopes: [...scopes].join(' '),
      displayName: str('displayName') ?? id,
    });
  }
  return providers;
}

@ValidatorConstraint({ name: 'oidcProviders' })
class OidcProvidersConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value);
  }

  defaultMessage(args: ValidationArguments): string {
    const reason = parseOidcProviders(args.value);
    return typeof reason === 'string' ? reason : 'is invalid';
  }
}

/** Lighter argon2 settings are for tests only: production needs at least OWASP's minimum. */
@ValidatorConstraint({ name: 'owaspMinimumInProduction' })
class OwaspMinimumInProduction implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const production = (args.object as { NODE_ENV?: string }).NODE_ENV === 'production';
    return !production || (typeof value === 'number' && value >= (args.constraints[0] as number));
  }

  defaultMessage(args: ValidationArguments): string {
    return `must be at least ${String(args.constraints[0])} in production (OWASP)`;
  }
}

/** Environment of the identity service (see the README's table of variables). */
export class IdentityConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.identity;

  /** Staff must use TOTP. Turning it off is for demos only and logged as a warning at start. */
  @ToBoolean()
  @IsBoolean()
  MFA_REQUIRED = true;

  /** Creates the demo accounts (README) at start, idempotently. */
  @ToBoolean()
  @IsBoolean()
  DEMO_SEED = false;

  /** The first admin, created at start when no admin exists. */
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @ValidateIf((c: IdentityConfig) => c.BOOTSTRAP_ADMIN_EMAIL !== undefined)
  @IsString({ message: 'is required when BOOTSTRAP_ADMIN_EMAIL is set' })
  @MinLength(10, { message: 'must have at least 10 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /**
   * AES-256-GCM key for the signing keys and TOTP secrets at rest; required except in tests (which get a
   * random one per process). `npm start` generates one per installation into .data/secrets.json.
   */
  @SecretKey32()
  IDENTITY_KEY_ENCRYPTION_KEY?: string;

  /** Lifetime of access tokens. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 600;

  /** Lifetime of a refresh token (each rotation starts it anew). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 14;

  /** A signing key older than this is replaced (the old one stays in the JWKS until its tokens expire). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  JWT_KEY_ROTATION_DAYS = 30;

  /** Name of the refresh token cookie. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' })
  REFRESH_COOKIE_NAME = 'buergeramt_refresh';

  /** The public path the refresh cookie is limited to (the gateway's /api/v1/auth). */
  @Matches(/^\/[A-Za-z0-9/_-]*$/, { message: 'must be an absolute path' })
  REFRESH_COOKIE_PATH = '/api/v1/auth';

  /** `Secure` on cookies; only plain-http localhost setups turn it off. */
  @ToBoolean()
  @IsBoolean()
  COOKIE_SECURE = true;

  /** argon2id cost; the defaults are OWASP's recommendation (19 MiB, 2 passes, 1 lane). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024)
  @Validate(OwaspMinimumInProduction, [19456])
  ARGON2_MEMORY_KIB = 19456;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  @Validate(OwaspMinimumInProduction, [2])
  ARGON2_ITERATIONS = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  ARGON2_PARALLELISM = 1;

  /** Failed logins for one address within LOCKOUT_WINDOW_MINUTES that lock it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LOCKOUT_MAX_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOCKOUT_WINDOW_MINUTES = 15;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOCKOUT_DURATION_MINUTES = 15;

  /**
   * Mails to one address per purpose (verification, password reset) within MAIL_LIMIT_WINDOW_MINUTES;
   * requests beyond them still answer 202 but send nothing.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_LIMIT_PER_ADDRESS = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  MAIL_LIMIT_WINDOW_MINUTES = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  EMAIL_VERIFICATION_TTL_HOURS = 48;

  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  INVITATION_TTL_DAYS = 7;

  /**
   * OpenID Connect providers as a JSON array:
   * `[{"id":"keycloak","issuer":"https://…","clientId":"…","clientSecret":"…","scopes":"openid email profile","displayName":"…"}]`.
   */
  @Transform(({ value }: { value: unknown }) => {
    const parsed = parseOidcProviders(value);
    return typeof parsed === 'string' ? value : parsed;
  })
  @Validate(OidcProvidersConstraint)
  OIDC_PROVIDERS: OidcProviderConfig[] = [];

  /** Where providers send citizens back to; default `PUBLIC_BASE_URL` + REFRESH_COOKIE_PATH + `/oidc`. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_REDIRECT_BASE_URL?: string;

  /** Where the browser lands after a federated login; default `PUBLIC_BASE_URL` + `/`. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_LOGIN_REDIRECT_URL?: string;
}

/** The callback URL registered at a provider. */
export function oidcRedirectUri(config: IdentityConfig, providerId: string): string {
  const base =
    config.OIDC_REDIRECT_BASE_URL ??
    `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}${config.REFRESH_COOKIE_PATH.replace(/\/$/, '')}/oidc`;
  return `${base.replace(/\/$/, '')}/${providerId}/callback`;
}

/**
 * Where the browser lands after a federated login: by default the citizen app's log-in page
 * (`/konto/anmelden`), which explains `?login=failed&reason=…` and, on `?login=success`, picks up the
 * session and goes on to where the person was.
 */
export function oidcLoginRedirectUrl(config: IdentityConfig): string {
  return config.OIDC_LOGIN_REDIRECT_URL ?? `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/konto/anmelden`;
}
