import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig, ToBoolean } from '@buergeramt/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';

/** Environment of the notifications service (see the README's table of variables). */
export class NotificationsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.notifications;

  /** The mail server: `smtp://host:port` (STARTTLS when offered), `smtps://` for implicit TLS, credentials in the URL. */
  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true },
    { message: 'must be an smtp:// or smtps:// URL' },
  )
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /** Sender of every mail, e.g. `Bürgeramt Esslingen <buergeramt@esslingen.de>`. */
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  MAIL_FROM = 'Digitales Bürgeramt <buergeramt@localhost>';

  /** The city's name as it appears in mails (header, footer, calendar entries). */
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  CITY_NAME = 'Stadt Esslingen am Neckar';

  /** One line of contact details in the footer of every mail (address, phone, e-mail). */
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  CITY_CONTACT = 'Bürgeramt Esslingen am Neckar · www.esslingen.de';

  /** Mails handed to the SMTP server per minute at most (BullMQ rate limiter, shared by all replicas). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAIL_RATE_PER_MINUTE = 600;

  /** Tries per mail before it is recorded as failed (a 5xx answer fails at once). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_ATTEMPTS = 8;

  /** First retry delay; doubled for every further attempt (8 attempts from 30 s span about an hour). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(24 * 3600_000)
  MAIL_BACKOFF_MS = 30_000;

  /** Mails sent in parallel by one process (also the size of the SMTP connection pool). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_CONCURRENCY = 4;

  /**
   * Send a mail right after the commit of the event that causes it, by the process that handled the
   * event, instead of through the mail queue (decision §45): one round trip to the SMTP server, no queue
   * job. The mail's job is written all the same, held back from the queue for MAIL_DIRECT_HOLD_SECONDS,
   * and takes over when that try fails, is over the rate limit, or never happens (the process died).
   */
  @ToBoolean()
  @IsBoolean()
  MAIL_DIRECT_SEND = true;

  /**
   * How long a mail's job waits for the try right after the commit before it goes to the queue (it is
   * deleted when that try succeeds). Longer than that try can take: at most 5 s for a free slot, then
   * perhaps one conversation of the mail job before its own in the pool, each bounded by the mailer's
   * timeouts (connect 10 s, greeting 10 s, 30 s of silence), so that a mail is not sent by both.
   */
  @Type(() => Number)
  @IsInt()
  @Min(120)
  @Max(3600)
  MAIL_DIRECT_HOLD_SECONDS = 180;

  /** Events handled in parallel by one process (each in its own transaction). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  EVENT_CONCURRENCY = 4;

  /**
   * How long a mail for a person whose profile has not arrived yet (no identity.profile-changed) waits
   * before it is recorded as failed.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  RECIPIENT_WAIT_SECONDS = 24 * 3600;

  /**
   * How often the delivery log's upkeep runs (one run for all replicas): pending mails past
   * RECIPIENT_WAIT_SECONDS fail, old entries are deleted.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3600_000)
  HOUSEKEEPING_INTERVAL_MS = 60_000;

  /** Sent, failed and skipped entries of the delivery log are deleted after this many days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  DELIVERY_RETENTION_DAYS = 180;

  /**
   * Key of the HMAC in feedback links (README: "Feedback tokens"); the applications service verifies them
   * with the same secret. Required in production, at least 32 characters.
   */
  @MinLength(32, { message: 'must have at least 32 characters' })
  @IsString({ message: 'is required: a random secret of at least 32 characters (openssl rand -base64 32)' })
  FEEDBACK_TOKEN_SECRET!: string;
}
