import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig, ToBoolean } from '@buergeramt/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Environment of the applications service (see the README's table of variables). */
export class ApplicationsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.applications;

  /** Seeds the demo catalogue and forms at start (idempotent, marked as demo). */
  @ToBoolean()
  @IsBoolean()
  DEMO_SEED = false;

  /** Prefix of application references: ESS-2026-000123. */
  @Matches(/^[A-Z][A-Z0-9]{0,9}$/, { message: 'must be 1-10 upper-case letters or digits' })
  REFERENCE_PREFIX = 'ESS';

  /** The state whose public holidays are skipped when counting working days (date-holidays code, DE-xx). */
  @Matches(/^[A-Z]{2}$/, { message: 'must be a German state code such as BW, BY, NW' })
  HOLIDAY_STATE = 'BW';

  /** Days after the decision before the case of a deleted account is anonymised. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  APPLICATION_RETENTION_DAYS = 365;

  /** Tries of one webhook delivery before it counts as failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** First retry delay of a webhook delivery, doubling with each further try. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_MS = 30_000;

  /** Timeout of one webhook request. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * HMAC key of the feedback links mailed by notifications (shared with it). Required in production.
   */
  @MinLength(32, { message: 'must have at least 32 characters' })
  @IsString({ message: 'is required: a random secret of at least 32 characters (openssl rand -base64 32)' })
  FEEDBACK_TOKEN_SECRET!: string;

  /** Smallest number of cases behind any figure of GET /transparency. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  TRANSPARENCY_MIN_CASES = 5;

  /**
   * GET /transparency is computed at most this often per language and answered from memory meanwhile
   * (it is public, the same for everyone, and the start page asks for it on every visit); the answer keeps
   * its `generatedAt`, so its ETag holds and a revalidation is a 304. 0 computes every time.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  TRANSPARENCY_CACHE_SECONDS = 60;
}
