import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig, SecretKey32, ToBoolean, ToList } from '@buergeramt/platform';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'previousKeys' })
class PreviousKeys implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      Array.isArray(value) &&
      value.every((entry) => {
        if (typeof entry !== 'string') return false;
        const [id, key] = entry.split(':');
        return /^[A-Za-z0-9_-]{1,32}$/.test(id ?? '') && Buffer.from(key ?? '', 'base64').length === 32;
      })
    );
  }

  defaultMessage(): string {
    return 'must be a comma list of keyId:base64key (32 bytes each)';
  }
}

@ValidatorConstraint({ name: 'clamavUrl' })
class ClamavUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /^(tcp:\/\/[^\s:/]+:\d{1,5}|unix:\/\S+)$/.test(value);
  }

  defaultMessage(): string {
    return 'must be tcp://host:port or unix:/path/to/clamd.sock';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_ID_MESSAGE = { message: 'must be 1-32 letters, digits, "_" or "-"' };

/** Environment of the documents service (see the README's table of variables). */
export class DocumentsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.documents;

  /** Largest accepted upload in bytes (413 above). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 ** 3)
  UPLOAD_MAX_BYTES = 20 * 1024 ** 2;

  /**
   * Longest pause inside an upload's body (no byte arriving while the service is ready to read) before the
   * upload is given up with 408 and cleaned up. Keep it below the gateway's UPSTREAM_TIMEOUT_MS.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  UPLOAD_IDLE_TIMEOUT_MS = 20_000;

  /** Where files are kept: `fs` (STORAGE_DIR) or `s3` (S3_*). */
  @IsIn(['fs', 's3'])
  STORAGE_DRIVER: 'fs' | 's3' = 'fs';

  /** Files of the fs driver; with s3, scratch space for uploads on their way to the bucket. */
  @IsString()
  @MinLength(1)
  STORAGE_DIR = '.data/documents';

  /**
   * AES-256-GCM key files are encrypted with at rest (32 bytes, base64); required except in tests (which get
   * a random one per process). `npm start` generates one per installation into .data/secrets.json.
   */
  @SecretKey32()
  STORAGE_ENCRYPTION_KEY?: string;

  /** Id of STORAGE_ENCRYPTION_KEY, stored with every file so that keys can be rotated. */
  @Matches(KEY_ID, KEY_ID_MESSAGE)
  STORAGE_ENCRYPTION_KEY_ID = 'k1';

  /** Earlier keys still needed to read older files: `keyId:base64key`, comma separated. */
  @ToList()
  @Validate(PreviousKeys)
  STORAGE_PREVIOUS_KEYS: string[] = [];

  @ValidateIf((c: DocumentsConfig) => c.STORAGE_DRIVER === 's3' || c.S3_ENDPOINT !== undefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string;

  @IsString()
  @MaxLength(64)
  S3_REGION = 'us-east-1';

  @ValidateIf((c: DocumentsConfig) => c.STORAGE_DRIVER === 's3')
  @IsString({ message: 'is required when STORAGE_DRIVER=s3' })
  @MinLength(3)
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style bucket addressing (MinIO and most S3-compatible servers need it). */
  @ToBoolean()
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** clamd to scan every upload with (INSTREAM): `tcp://host:3310` or `unix:/run/clamav/clamd.ctl`. */
  @IsOptional()
  @Validate(ClamavUrl)
  CLAMAV_URL?: string;

  /** Longest time one scan may take before it is retried. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  CLAMAV_TIMEOUT_MS = 60_000;

  /**
   * Ed25519 private key (the 32-byte seed, base64) issued documents are signed with; required except in
   * tests, like STORAGE_ENCRYPTION_KEY.
   */
  @SecretKey32()
  SIGNING_KEY?: string;

  @Matches(KEY_ID, KEY_ID_MESSAGE)
  SIGNING_KEY_ID = 's1';

  /** The issuer printed on letters and named by GET /verify. */
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  CITY_NAME = 'Stadt Esslingen am Neckar';

  /** Letterhead lines under the city's name (office, address, contact), separated by `|`. */
  @IsString()
  @MaxLength(500)
  CITY_LETTERHEAD = 'Bürgeramt|Ritterstraße 17 · 73728 Esslingen am Neckar|buergeramt@esslingen.example';

  /** Days an upload is kept after the last application it belongs to was closed (decided or withdrawn). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_UPLOAD_DAYS = 90;

  /** Days an upload that never became part of a submitted application is kept. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_UNATTACHED_DAYS = 180;

  /** Days a rejected (infected) upload is kept for inspection; it is never served. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_REJECTED_DAYS = 7;

  /** Days an issued document is kept after issue (the legal retention period), even after account deletion. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_ISSUED_DAYS = 3650;

  /** How often the retention job runs (one scheduler for all replicas). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  RETENTION_INTERVAL_MS = 3600_000;

  /** Creates demo documents at start, idempotently (marked as demo). */
  @ToBoolean()
  @IsBoolean()
  DEMO_SEED = false;
}
