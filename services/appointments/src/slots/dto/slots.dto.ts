import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SlotQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  serviceId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'absent: every location offering the service' })
  @IsOptional()
  @IsUUID('all')
  locationId?: string;

  @ApiProperty({ example: '2026-12-01', description: 'first date (city time)', maxLength: 10 })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'last date, at most 62 days after from', maxLength: 10 })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to!: string;
}

export class SlotDto {
  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000+01:00' })
  start!: string;

  @ApiProperty({ example: '2026-12-01T08:15:00.000+01:00' })
  end!: string;
}

/** The booking window as of now, in every answer of `GET /slots` and `GET /slots/days`. */
export class BookableWindowDto {
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-11-25',
    description:
      'the first calendar date (city time) one can book for now, by the service clock: today, or later ' +
      'when the lead time reaches into the next day; with several locations the earliest of them. It ' +
      'does not depend on from/to; a day within the window may still be closed or fully booked. Null ' +
      'when no location takes bookings for the service',
  })
  bookableFrom!: string | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2027-01-24',
    description:
      'the last calendar date (city time) one can book for now: today plus the booking window ' +
      '(BOOKING_WINDOW_DAYS, or the location’s own); with several locations the latest of them. Null ' +
      'when no location takes bookings for the service',
  })
  bookableUntil!: string | null;
}

export class SlotListDto extends BookableWindowDto {
  @ApiProperty({ type: [SlotDto] })
  items!: SlotDto[];
}

export class FreeDayDto {
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-12-01',
    description: 'a calendar date (city time)',
  })
  date!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 37, description: 'how many free start times it has' })
  free!: number;
}

export class FreeDayListDto extends BookableWindowDto {
  @ApiProperty({
    type: [FreeDayDto],
    description: 'the dates from `from` to `to` with at least one free start time, in order',
  })
  items!: FreeDayDto[];
}
