import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ALL_SERVICES, DEFAULT_PORTS, type ServiceName } from '@buergeramt/contracts';
import { TokenVerifyingConfig, ToList } from '@buergeramt/platform';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const HTTP_URL_MESSAGE = { message: 'must be an http(s) URL' };

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "1048576", "512kb", "1mb", "25MB" → bytes; anything else stays as it is and fails `@IsInt()`. */
export const ToBytes = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const match = /^\s*(\d+)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
    if (!match) return value;
    return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1);
  });

/** The monorepo root (the folder with nx.json) above this file, for the default SPA and config locations. */
function repoRoot(): string {
  let dir = __dirname;
  while (dirname(dir) !== dir) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

const defaultUpstream = (service: ServiceName): string => `http://127.0.0.1:${DEFAULT_PORTS[service]}`;

/**
 * The gateway's environment, validated once at start (see README.md for the table). The gateway has no
 * database; Redis (REDIS_URL from the base config) holds only the rate-limit windows.
 */
export class GatewayConfig extends TokenVerifyingConfig {
  @Type(() => Number)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  override PORT = DEFAULT_PORTS.gateway;

  // Base URLs of the services (no trailing path; the gateway strips /api/v1 and appends the rest).
  @IsUrl(HTTP_URL, HTTP_URL_MESSAGE)
  IDENTITY_URL = defaultUpstream('identity');

  @IsUrl(HTTP_URL, HTTP_URL_MESSAGE)
  APPOINTMENTS_URL = defaultUpstream('appointments');

  @IsUrl(HTTP_URL, HTTP_URL_MESSAGE)
  APPLICATIONS_URL = defaultUpstream('applications');

  @IsUrl(HTTP_URL, HTTP_URL_MESSAGE)
  DOCUMENTS_URL = defaultUpstream('documents');

  @IsUrl(HTTP_URL, HTTP_URL_MESSAGE)
  NOTIFICATIONS_URL = defaultUpstream('notifications');

  /** Time to open a TCP (or TLS) connection to a service before answering 502. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;

  /** Time a service may take for its response headers, and the longest pause inside a body, before 504. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPSTREAM_TIMEOUT_MS = 30_000;

  /** Largest request body of every type except uploads (JSON, forms, text), in bytes or with kb/mb. */
  @ToBytes()
  @IsInt({ message: 'must be a size in bytes, or a number with kb/mb/gb' })
  @Min(1)
  JSON_BODY_LIMIT = 1024 ** 2;

  /** Largest multipart/* or application/octet-stream body, counted on the stream. */
  @ToBytes()
  @IsInt({ message: 'must be a size in bytes, or a number with kb/mb/gb' })
  @Min(1)
  UPLOAD_BODY_LIMIT = 25 * 1024 ** 2;

  /** Requests per client IP per minute under /api; 0 turns the limit off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_GLOBAL = 600;

  /** Requests per client IP per minute under /api/v1/auth; 0 turns the limit off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_AUTH = 60;

  /** POST /api/v1/appointments per client IP per minute; 0 turns the limit off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_BOOKING = 30;

  /** Prefix of the rate-limit keys in Redis; defaults to `<QUEUE_PREFIX>:ratelimit:`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, {
    message: 'must be 1-64 characters of letters, digits, ":", "_", "." or "-"',
  })
  RATE_LIMIT_PREFIX?: string;

  /** Origins (scheme://host[:port]) allowed to call the API from a browser, comma separated. */
  @ToList()
  @IsUrl(
    { ...HTTP_URL, require_valid_protocol: true },
    { each: true, message: 'must be a comma list of http(s) origins' },
  )
  @Matches(/^https?:\/\/[^/?#]+$/, {
    each: true,
    message: 'must list origins only (scheme://host[:port], no path)',
  })
  CORS_ORIGINS: string[] = [];

  /** The built citizen SPA, served at `/`. */
  @IsString()
  CITIZEN_DIST = resolve(repoRoot(), 'frontends/citizen/dist');

  /** The built back-office SPA, served at `/backoffice/`. */
  @IsString()
  BACKOFFICE_DIST = resolve(repoRoot(), 'frontends/backoffice/dist');

  /**
   * The city configuration folder (city.json, logo, pages/*.md): the city's name, colours, logo, contact
   * and legal pages, read and validated once at start (src/city/city-config.ts).
   */
  @IsString()
  CITY_CONFIG_DIR = resolve(repoRoot(), 'config/city');

  /** Time each service gets to deliver its OpenAPI document for the merged one. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DOCS_FETCH_TIMEOUT_MS = 3_000;

  /** How long the merged OpenAPI document is reused (an incomplete one at most 5 s). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DOCS_CACHE_TTL_MS = 30_000;

  /**
   * Longest time the gateway keeps a service's public read (`Cache-Control: public, max-age`, with an ETag)
   * to answer it again itself: min(max-age, this). 0 turns the cache off (src/proxy/public-cache.ts).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PUBLIC_CACHE_SECONDS = 2;

  /** Body bytes the public-read cache keeps in all (least recently used go first), bytes or with kb/mb. */
  @ToBytes()
  @IsInt({ message: 'must be a size in bytes, or a number with kb/mb/gb' })
  @Min(1)
  PUBLIC_CACHE_BYTES = 32 * 1024 ** 2;

  /** Largest answer body the public-read cache keeps; larger ones stream through unstored. */
  @ToBytes()
  @IsInt({ message: 'must be a size in bytes, or a number with kb/mb/gb' })
  @Min(1)
  PUBLIC_CACHE_ENTRY_BYTES = 1024 ** 2;

  /** Time each service gets to answer its readiness probe for GET /api/v1/health. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HEALTH_TIMEOUT_MS = 2_000;

  /** The base URL of a service, by name. */
  upstreamUrl(service: ServiceName): string {
    const urls: Record<ServiceName, string> = {
      identity: this.IDENTITY_URL,
      appointments: this.APPOINTMENTS_URL,
      applications: this.APPLICATIONS_URL,
      documents: this.DOCUMENTS_URL,
      notifications: this.NOTIFICATIONS_URL,
    };
    return urls[service].replace(/\/+$/, '');
  }

  upstreams(): Record<ServiceName, string> {
    return Object.fromEntries(ALL_SERVICES.map((s) => [s, this.upstreamUrl(s)])) as Record<
      ServiceName,
      string
    >;
  }

  rateLimitPrefix(): string {
    return this.RATE_LIMIT_PREFIX ?? `${this.QUEUE_PREFIX}:ratelimit:`;
  }
}
