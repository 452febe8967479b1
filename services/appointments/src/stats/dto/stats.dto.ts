import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StatsQueryDto {
  @ApiProperty({ example: '2026-11-01', maxLength: 10 })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({
    example: '2026-11-30',
    description: 'inclusive, at most 366 days after from',
    maxLength: 10,
  })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'absent: every location you work at' })
  @IsOptional()
  @IsUUID('all')
  locationId?: string;
}

export class MinutesDto {
  @ApiProperty({ type: Number, nullable: true })
  median!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p90!: number | null;
}

export class AppointmentMetricsDto {
  @ApiProperty({ description: 'appointments booked for these days (expired guest bookings excluded)' })
  bookings!: number;

  @ApiProperty()
  cancellations!: number;

  @ApiProperty({ description: 'appointments nobody came to' })
  noShows!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'noShows / (noShows + completed appointments)' })
  noShowRate!: number | null;

  @ApiProperty({ description: 'walk-in tickets' })
  walkIns!: number;

  @ApiProperty({ description: 'tickets served to the end (appointments and walk-ins)' })
  served!: number;

  @ApiProperty({
    type: MinutesDto,
    description: 'from arrival (or the appointment time, if later) to the call',
  })
  waitingMinutes!: MinutesDto;

  @ApiProperty({ type: MinutesDto, description: 'from start (or call) to completion' })
  serviceMinutes!: MinutesDto;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'service minutes / (opening minutes × active counters)',
  })
  utilisation!: number | null;
}

export class DayMetricsDto extends AppointmentMetricsDto {
  @ApiProperty({ example: '2026-11-02' })
  date!: string;
}

export class AppointmentStatsDto {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ type: [String] })
  locationIds!: string[];

  @ApiProperty({ type: AppointmentMetricsDto })
  totals!: AppointmentMetricsDto;

  @ApiProperty({ type: [DayMetricsDto] })
  days!: DayMetricsDto[];
}
