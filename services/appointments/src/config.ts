import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig, ToBoolean } from '@buergeramt/platform';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'timeZone' })
class TimeZoneConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'must be an IANA time zone such as Europe/Berlin';
  }
}

/** Environment of the appointments service (see the README's table of variables). */
export class AppointmentsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.appointments;

  /** The city's time zone: opening hours, closures, slots and calendar dates are in it. */
  @Validate(TimeZoneConstraint)
  CITY_TIME_ZONE = 'Europe/Berlin';

  /**
   * Public holidays of this country and state (date-holidays codes) are closed days. `none`: none are (every
   * closed day is entered as a closure; the browser journeys run so, as they need an office open today).
   */
  @Matches(/^([A-Z]{2}|none)$/, { message: 'must be an ISO 3166-1 alpha-2 code such as DE, or none' })
  HOLIDAY_COUNTRY = 'DE';

  @ValidateIf((c: AppointmentsConfig) => c.HOLIDAY_STATE !== '')
  @Matches(/^[A-Z0-9]{1,3}$/, { message: 'must be a state code such as BW (or empty for none)' })
  HOLIDAY_STATE = 'BW';

  /** How far ahead citizens may book, unless a location says otherwise. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(730)
  BOOKING_WINDOW_DAYS = 60;

  /** The earliest bookable start is this long from now, unless a location says otherwise. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10080)
  BOOKING_MIN_LEAD_MINUTES = 120;

  /** Unconfirmed guest bookings are released after this long. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  GUEST_CONFIRMATION_MINUTES = 30;

  /** A called ticket not started, or an appointment not checked in, this long after its time is a no-show. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(240)
  NO_SHOW_GRACE_MINUTES = 15;

  /** How often the housekeeping job (no-shows, overdue expiries, old idempotency keys) runs. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(3600)
  SWEEP_INTERVAL_SECONDS = 60;

  /**
   * The digitalisation check's lead time: from this hour of the city's day on, the first run of the
   * snapshot job (hourly) records each office's next free appointment per service, once a day.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  LEAD_TIME_SNAPSHOT_HOUR = 7;

  /** The display stream sends a comment at least this often (the gateway times out after 30 s). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(15)
  DISPLAY_HEARTBEAT_SECONDS = 10;

  /**
   * HMAC key of the manage tokens in guests' mails (confirm, view, cancel, reschedule). Secret, required
   * in every environment (no default in the source: anyone could forge links); `npm start` generates one
   * per installation into .data/secrets.json.
   */
  @MinLength(32, { message: 'must have at least 32 characters' })
  @IsString({ message: 'is required: a random secret of at least 32 characters (openssl rand -base64 32)' })
  MANAGE_TOKEN_SECRET!: string;

  /** Creates Esslingen's demo offices (README) at start, idempotently. */
  @ToBoolean()
  @IsBoolean()
  DEMO_SEED = false;
}
