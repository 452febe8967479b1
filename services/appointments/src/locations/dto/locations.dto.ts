import { ApiNullableRef } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ServiceNameDto } from '../../catalogue/dto/service-name.dto';
import { CLOSED_REASONS, type ClosedReason } from '../../calendar/slot-engine';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AddressDto {
  @ApiProperty({ example: 'Ritterstraße 17', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  street!: string;

  @ApiProperty({ example: '73728', maxLength: 20 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  postalCode!: string;

  @ApiProperty({ example: 'Esslingen am Neckar', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;
}

export class WeeklyRangeDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday', example: 1 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ example: '08:00', description: 'HH:MM, city time', maxLength: 5 })
  @IsString()
  @MaxLength(5)
  @Matches(HHMM, { message: 'must be a time HH:MM' })
  opens!: string;

  @ApiProperty({ example: '12:00', description: 'HH:MM, city time', maxLength: 5 })
  @IsString()
  @MaxLength(5)
  @Matches(HHMM, { message: 'must be a time HH:MM' })
  closes!: string;
}

export class OpeningHoursDto {
  @ApiProperty({ type: [WeeklyRangeDto], description: 'several ranges a day are allowed' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WeeklyRangeDto)
  ranges!: WeeklyRangeDto[];
}

/** One opening range of a day, wall-clock times in the city. */
export class OpeningRangeDto {
  @ApiProperty({ example: '08:00', description: 'HH:MM, city time' })
  opens!: string;

  @ApiProperty({ example: '12:00', description: 'HH:MM, city time' })
  closes!: string;
}

/** Whether and when a location opens today (the city's date by the service's clock). */
export class LocationTodayDto {
  @ApiProperty({ example: '2026-12-01', description: "today's date in the city's time zone (YYYY-MM-DD)" })
  date!: string;

  @ApiProperty({ description: 'opens at some time today (not: is open right now)' })
  open!: boolean;

  @ApiProperty({
    type: [OpeningRangeDto],
    description: 'the weekly hours of today minus closures; empty when closed all day',
  })
  hours!: OpeningRangeDto[];

  @ApiProperty({
    enum: CLOSED_REASONS,
    enumName: 'ClosedReason',
    nullable: true,
    description:
      'why it is closed all day: a public holiday of the state, a closure entered by the office, or no weekly hours on this weekday; null when open',
  })
  closedReason!: ClosedReason | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '1. Weihnachtstag',
    description:
      'the public holiday’s name, or the reason of today’s closure (whole or part of the day) when the office made it public; else null',
  })
  note!: string | null;
}

/** What every view of a location shows. */
export class LocationBaseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Bürgeramt Innenstadt' })
  name!: string;

  @ApiProperty({ type: AddressDto })
  address!: AddressDto;

  @ApiProperty({ type: [WeeklyRangeDto] })
  openingHours!: WeeklyRangeDto[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'catalogue services bookable here' })
  serviceIds!: string[];
}

/** What everybody sees of a location. */
export class LocationDto extends LocationBaseDto {
  @ApiProperty({ type: LocationTodayDto })
  today!: LocationTodayDto;
}

export class LocationPageDto {
  @ApiProperty({ type: [LocationDto] })
  items!: LocationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class CreateLocationDto {
  @ApiProperty({ example: 'Bürgeramt Innenstadt', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: AddressDto })
  @IsObject() // ValidateNested lets a missing object through
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @ApiPropertyOptional({ minimum: 5, maximum: 240, default: 15, description: 'minutes between start times' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  slotIntervalMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 730,
    nullable: true,
    description: 'default BOOKING_WINDOW_DAYS',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  bookingWindowDays?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10080,
    nullable: true,
    description: 'default BOOKING_MIN_LEAD_MINUTES',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  minLeadMinutes?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  walkInsEnabled?: boolean;
}

export class UpdateLocationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ minimum: 5, maximum: 240 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  slotIntervalMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 730, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  bookingWindowDays?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10080, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  minLeadMinutes?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  walkInsEnabled?: boolean;

  @ApiPropertyOptional({ description: 'false hides the location and stops new bookings' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CounterDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Schalter 1' })
  name!: string;

  @ApiProperty()
  active!: boolean;
}

/** GET /locations/{id}/counters: the counters staff choose from (all of them, inactive ones marked). */
export class CounterListDto {
  @ApiProperty({ type: [CounterDto] })
  items!: CounterDto[];

  @ApiProperty({ type: String, nullable: true, description: 'always null: a location has few counters' })
  nextCursor!: string | null;
}

export class CreateCounterDto {
  @ApiProperty({ example: 'Schalter 1', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;
}

export class UpdateCounterDto {
  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ description: 'an inactive counter gets no new bookings and calls no tickets' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateClosureDto {
  @ApiProperty({ example: '2026-12-24', description: 'calendar date (city time)', maxLength: 10 })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({
    example: '12:00',
    description: 'with `ends`: closed only in between (half day)',
    maxLength: 5,
  })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  @Matches(HHMM, { message: 'must be a time HH:MM' })
  starts?: string;

  @ApiPropertyOptional({ example: '18:00', maxLength: 5 })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  @Matches(HHMM, { message: 'must be a time HH:MM' })
  ends?: string;

  @ApiPropertyOptional({ example: 'Betriebsausflug', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'show `reason` to residents (as `today.note` of GET /locations on that day)',
  })
  @IsOptional()
  @IsBoolean()
  reasonPublic?: boolean;
}

export class ClosureDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '2026-12-24' })
  date!: string;

  @ApiProperty({ type: String, nullable: true, example: '12:00' })
  starts!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '18:00' })
  ends!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ description: 'the reason is shown to residents' })
  reasonPublic!: boolean;
}

export class AffectedAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'T-7KQ2M9XA' })
  reference!: string;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ example: '2026-12-24T10:00:00+01:00', description: 'city time' })
  start!: string;

  @ApiProperty({ example: '2026-12-24T10:15:00+01:00' })
  end!: string;

  @ApiProperty({ enum: ['pending_confirmation', 'confirmed', 'checked_in'] })
  status!: 'pending_confirmation' | 'confirmed' | 'checked_in';
}

export class ClosureEffectDto {
  @ApiProperty({ description: 'how many appointments still to come fall into the closure', example: 2 })
  count!: number;

  @ApiProperty({
    type: [AffectedAppointmentDto],
    description: 'those appointments, by start (no personal data); a closure never cancels them',
  })
  items!: AffectedAppointmentDto[];
}

export class ClosurePageDto {
  @ApiProperty({ type: [ClosureDto], description: 'by date' })
  items!: ClosureDto[];

  @ApiProperty({ type: String, nullable: true, description: 'always null (all at once)' })
  nextCursor!: string | null;
}

export class OfferServiceDto {
  @ApiProperty({ minimum: 5, maximum: 480, example: 15 })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes!: number;

  @ApiProperty({ minimum: 1, maximum: 50, example: 1 })
  @IsInt()
  @Min(1)
  @Max(50)
  maxFutureBookingsPerPerson!: number;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    nullable: true,
    description: 'counters that serve it; absent or null: every active counter',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  counterIds?: string[] | null;
}

export class OfferedServiceDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiNullableRef(ServiceNameDto, { description: 'from the catalogue; null until it is known' })
  name!: ServiceNameDto | null;

  @ApiProperty()
  durationMinutes!: number;

  @ApiProperty()
  maxFutureBookingsPerPerson!: number;

  @ApiProperty({ type: [String], nullable: true })
  counterIds!: string[] | null;
}

export class OfferedServicePageDto {
  @ApiProperty({ type: [OfferedServiceDto] })
  items!: OfferedServiceDto[];

  @ApiProperty({ type: String, nullable: true, description: 'always null (all at once)' })
  nextCursor!: string | null;
}

/** What admins see and edit of a location. */
export class AdminLocationDto extends LocationBaseDto {
  @ApiProperty()
  slotIntervalMinutes!: number;

  @ApiProperty({ type: Number, nullable: true })
  bookingWindowDays!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  minLeadMinutes!: number | null;

  @ApiProperty()
  walkInsEnabled!: boolean;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ description: 'demo data (DEMO_SEED)' })
  demo!: boolean;

  @ApiProperty({ type: [CounterDto] })
  counters!: CounterDto[];

  @ApiProperty({ type: [OfferedServiceDto] })
  services!: OfferedServiceDto[];
}

export class AdminLocationPageDto {
  @ApiProperty({ type: [AdminLocationDto] })
  items!: AdminLocationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
