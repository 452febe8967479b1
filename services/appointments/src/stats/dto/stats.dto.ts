import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiNullableRef } from '@buergeramt/platform';
import { ServiceNameDto } from '../../catalogue/dto/service-name.dto';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

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

export const GRANULARITIES = ['week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export class AppointmentCheckQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'month', description: 'the periods of the series' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;

  @ApiPropertyOptional({ format: 'uuid', description: 'one service only' })
  @IsOptional()
  @IsUUID('all')
  serviceId?: string;
}

export class WaitingMinutesDto extends MinutesDto {
  @ApiProperty({ description: 'how many visits (or records) the figures rest on' })
  count!: number;
}

export class LeadTimeDaysDto {
  @ApiProperty({ type: Number, nullable: true, description: 'days (one decimal)' })
  median!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'days (one decimal)' })
  p90!: number | null;

  @ApiProperty({ description: 'daily records (per office and service) the figures rest on' })
  count!: number;

  @ApiProperty({ description: 'of those, records that found nothing free in the booking window' })
  noneFree!: number;
}

export class AppointmentCheckFiguresDto {
  @ApiProperty({ description: 'appointments in the period (expired guest bookings excluded)' })
  bookings!: number;

  @ApiProperty()
  cancellations!: number;

  @ApiProperty({ description: 'appointments nobody came to' })
  noShows!: number;

  @ApiProperty({ description: 'appointments served to the end' })
  completed!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'noShows ÷ (noShows + completed), 0..1' })
  noShowRate!: number | null;

  @ApiProperty({
    description: 'minutes of appointment time offered: opening minutes × active counters serving the service',
  })
  offeredMinutes!: number;

  @ApiProperty({ description: 'minutes of those booked (appointments not cancelled or expired)' })
  bookedMinutes!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'bookedMinutes ÷ offeredMinutes, 0..1' })
  utilisation!: number | null;

  @ApiProperty({
    type: LeadTimeDaysDto,
    description:
      'days from the daily record to the next free appointment it found (records without one excluded)',
  })
  leadTimeDays!: LeadTimeDaysDto;

  @ApiProperty({
    type: WaitingMinutesDto,
    description: 'booked visits: from arrival (or the appointment time, if later) to the call',
  })
  waitingBooked!: WaitingMinutesDto;

  @ApiProperty({ type: WaitingMinutesDto, description: 'walk-ins: from drawing the ticket to the call' })
  waitingWalkIn!: WaitingMinutesDto;
}

export class AppointmentCheckPeriodDto extends AppointmentCheckFiguresDto {
  @ApiProperty({ example: '2026-11-01', description: 'first day (a Monday for weeks)' })
  start!: string;
}

export class AppointmentCheckServiceDto extends AppointmentCheckFiguresDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty({
    type: AppointmentCheckFiguresDto,
    description: 'the same service’s figures in the period of the same length right before',
  })
  previous!: AppointmentCheckFiguresDto;

  @ApiNullableRef(ServiceNameDto, { description: 'null until the catalogue has announced the service' })
  name!: ServiceNameDto | null;
}

export class AppointmentCheckLocationDto extends AppointmentCheckFiguresDto {
  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ example: 'Bürgeramt Innenstadt' })
  name!: string;

  @ApiProperty({
    type: AppointmentCheckFiguresDto,
    description: 'the same office’s figures in the period of the same length right before',
  })
  previous!: AppointmentCheckFiguresDto;
}

export class AppointmentCheckComparisonDto extends AppointmentCheckFiguresDto {
  @ApiProperty({ example: '2026-09-01' })
  from!: string;

  @ApiProperty({ example: '2026-10-31' })
  to!: string;
}

export class AppointmentCheckDto {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: Granularity;

  @ApiProperty({ type: String, nullable: true })
  serviceId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  locationId!: string | null;

  @ApiProperty({ type: [String], description: 'the offices counted (those you work at)' })
  locationIds!: string[];

  @ApiProperty({ type: AppointmentCheckFiguresDto })
  totals!: AppointmentCheckFiguresDto;

  @ApiProperty({
    type: AppointmentCheckComparisonDto,
    description: 'the period of the same length right before',
  })
  previous!: AppointmentCheckComparisonDto;

  @ApiProperty({
    type: [AppointmentCheckPeriodDto],
    description: 'every week or month of the period, oldest first',
  })
  periods!: AppointmentCheckPeriodDto[];

  @ApiProperty({
    type: [AppointmentCheckServiceDto],
    description: 'per service with any figure in the period or the one before',
  })
  services!: AppointmentCheckServiceDto[];

  @ApiProperty({ type: [AppointmentCheckLocationDto], description: 'per office counted' })
  locations!: AppointmentCheckLocationDto[];
}
