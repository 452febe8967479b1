import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { DEFAULT_CHUNK_RECLAIM_BYTES } from '../memory/chunk-reclaimer';

/** `true`/`false`/`1`/`0`/`yes`/`no` → boolean; anything else stays a string and fails `@IsBoolean()`. */
export const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return value;
  });

/** Comma separated list → trimmed, non-empty strings. */
export const ToList = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : value,
  );

/** The metrics listener's port when METRICS_PORT is not set: the service's port + 1000 (gateway 9080). */
export const METRICS_PORT_OFFSET = 1000;

@ValidatorConstraint({ name: 'metricsPort' })
class MetricsPortConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const port = Number((args.object as { PORT?: unknown }).PORT);
    if (value === undefined) {
      // an invalid PORT is reported as such
      return !Number.isInteger(port) || port > 65535 || port + METRICS_PORT_OFFSET <= 65535;
    }
    return (
      typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535 && value !== port
    );
  }

  defaultMessage(args: ValidationArguments): string {
    return args.value === undefined
      ? `must be set: the default PORT + ${METRICS_PORT_OFFSET} is above 65535`
      : 'must be an integer between 0 and 65535, and not PORT';
  }
}

/** A 32-byte key in base64 (AES-256, an Ed25519 seed). */
@ValidatorConstraint({ name: 'base64Key32' })
export class Base64Key32 implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && Buffer.from(value, 'base64').length === 32;
  }

  defaultMessage(): string {
    return 'must be 32 random bytes in base64 (openssl rand -base64 32)';
  }
}

/**
 * The one rule for a service's keys (decision §35): required in every environment but tests, which make a
 * random one per process; never a constant of the source and never generated silently by the service.
 * `npm start` generates them per installation into .data/secrets.json (tools/secrets.mjs), containers
 * get theirs from their secret store.
 */
export const SecretKey32 =
  (): PropertyDecorator =>
  (target: object, property: string | symbol): void => {
    ValidateIf(
      (config: { NODE_ENV?: string }, value: unknown) => config.NODE_ENV !== 'test' || value !== undefined,
    )(target, property);
    Validate(Base64Key32)(target, property);
  };

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What every backend process reads. Service configs extend it (see the README's table of variables). */
export class BaseServiceConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT = 3000;

  /** Interface to bind; 127.0.0.1 locally, 0.0.0.0 in containers. */
  @IsString()
  HOST = '127.0.0.1';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsUrl(
    { protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true },
    { message: 'must be a redis:// or rediss:// URL' },
  )
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key and BullMQ queue of this deployment (tests use one per run). */
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, {
    message: 'must be 1-64 characters of letters, digits, ":", "_", "." or "-"',
  })
  QUEUE_PREFIX = 'buergeramt';

  /** Origin the public sees (links in mails, QR codes). */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an http(s) URL' },
  )
  PUBLIC_BASE_URL = 'http://localhost:8080';

  /**
   * Bytes of streamed chunks (proxied bodies, uploads, downloads) after which the process runs one minor
   * GC so dead chunks do not pile up (needs node's `--expose-gc`; 0 = off). See ChunkReclaimer.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CHUNK_RECLAIM_BYTES = DEFAULT_CHUNK_RECLAIM_BYTES;

  /** Trust X-Forwarded-* from a reverse proxy in front (true, false, or a hop count/CIDR list). */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * Port of the internal metrics listener (`GET /metrics` and nothing else, on HOST); default PORT + 1000.
   * `0`: no listener, and `/metrics` is answered on PORT only with `Authorization: Bearer <METRICS_TOKEN>`.
   */
  @Type(() => Number)
  @Validate(MetricsPortConstraint)
  METRICS_PORT?: number;

  /** With METRICS_PORT=0: the bearer token Prometheus sends for /metrics on the service's port. Secret. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must have at least 32 characters' })
  METRICS_TOKEN?: string;

  /** The metrics listener's port (0: none). */
  metricsPort(): number {
    return this.METRICS_PORT ?? this.PORT + METRICS_PORT_OFFSET;
  }
}

/** Processes that verify identity's access tokens (every domain service and the gateway). */
export class TokenVerifyingConfig extends BaseServiceConfig {
  /** Where identity publishes its signing keys. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an http(s) URL' },
  )
  JWKS_URL = 'http://127.0.0.1:3001/auth/jwks';

  @IsString()
  JWT_ISSUER = 'http://localhost:8080';

  @IsString()
  JWT_AUDIENCE = 'buergeramt';
}

/** Services with a database. */
export class DatabaseServiceConfig extends TokenVerifyingConfig {
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'must be a postgres:// URL' },
  )
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/buergeramt';

  /** The Postgres schema this service owns; defaults to the service's name. */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string;

  /** Connections in this process's pool. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /**
   * How long a request waits for a database connection (a new one, or a free one of the pool) before it
   * is answered 503: a database that hangs, rather than refusing, would otherwise hold every request until
   * the gateway gives up (30 s).
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_CONNECT_TIMEOUT_MS = 10_000;

  /**
   * Statements with parameters run as named prepared statements, parsed once per connection (decision
   * §40). Off only behind a pooler that does not keep a session per client (PgBouncer in transaction mode,
   * which the migration lock does not allow either).
   */
  @ToBoolean()
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;
}
