import { ApiNullableRef } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { LocalizedDto } from '../catalogue/dto/catalogue.dto';
import { DurationFiguresDto, StatsQueryDto } from './stats.dto';

export const GRANULARITIES = ['week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export class DigitalisationQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'month', description: 'the periods of the series' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'one office: its counter figures only (online cases belong to no office)',
  })
  @IsOptional()
  @IsUUID('all')
  @MaxLength(36)
  locationId?: string;
}

export class DigitalisationFiguresDto {
  @ApiProperty({ description: 'cases applied for online and decided in the period' })
  onlineCases!: number;

  @ApiProperty({ description: 'visits served at the counters in the period (every ticket completed)' })
  counterVisits!: number;

  @ApiProperty({
    description:
      'counter visits that were cases of their own: the visits minus those a resident made for a case applied for online (an appointment of the applicant for the same service between starting it and 30 days after its decision)',
  })
  counterCases!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'onlineCases ÷ (onlineCases + counterCases), 0..1; null without cases, and for one office (online cases belong to none)',
  })
  onlineShare!: number | null;

  @ApiProperty({
    description:
      'online cases finished without any appointment of the applicant for that service (no trip to the office); walk-ins cannot be linked to a person and are not subtracted',
  })
  visitsSaved!: number;

  @ApiProperty({
    description: 'staff hours saved by the online cases: Σ (counter − online staff minutes) ÷ 60',
  })
  staffHoursSaved!: number;

  @ApiProperty({ description: 'staffHoursSaved × the service’s hourly rate, in euros' })
  staffEurosSaved!: number;

  @ApiProperty({
    description: "residents' hours saved by the online cases: Σ (counter − online resident minutes) ÷ 60",
  })
  residentHoursSaved!: number;

  @ApiProperty({ description: 'online cases of services without a cost model (no savings counted)' })
  casesWithoutCostModel!: number;

  @ApiProperty({
    type: DurationFiguresDto,
    description:
      'calendar days from first submission to decision of the online cases (median, p90); null without cases and for one office',
  })
  processingDays!: DurationFiguresDto;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'share of the online cases decided by their due date (the service’s target), 0..1',
  })
  withinTargetShare!: number | null;
}

export class BacklogFiguresDto {
  @ApiProperty({ description: 'cases submitted and neither decided nor withdrawn then' })
  open!: number;

  @ApiProperty({ description: 'of those, past their due date then' })
  overdue!: number;

  @ApiProperty({
    type: DurationFiguresDto,
    description: 'their age then, calendar days since first submission',
  })
  ageDays!: DurationFiguresDto;

  @ApiProperty({ nullable: true, type: Number, description: 'the oldest one’s age, days' })
  oldestDays!: number | null;
}

export class BacklogServiceDto extends BacklogFiguresDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiNullableRef(LocalizedDto, { description: 'null for a service the catalogue lacks' })
  name!: LocalizedDto | null;
}

export class BacklogDto extends BacklogFiguresDto {
  @ApiProperty({ description: 'the moment counted: the end of the period, or now if that is earlier' })
  at!: string;

  @ApiProperty({
    type: [BacklogServiceDto],
    description:
      'per service with any open case then, by German name (for one office: none); compare with previousBacklog.services by serviceId',
  })
  services!: BacklogServiceDto[];
}

export class DigitalisationPeriodDto extends DigitalisationFiguresDto {
  @ApiProperty({ example: '2026-11-01', description: 'first day (a Monday for weeks)' })
  start!: string;
}

export class DigitalisationServiceDto extends DigitalisationFiguresDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiNullableRef(LocalizedDto, { description: 'null for a service the catalogue lacks' })
  name!: LocalizedDto | null;

  @ApiProperty({ description: 'whether the service has a cost model (its savings are counted)' })
  hasCostModel!: boolean;
}

export class DigitalisationComparisonDto extends DigitalisationFiguresDto {
  @ApiProperty({ example: '2026-09-01' })
  from!: string;

  @ApiProperty({ example: '2026-10-31' })
  to!: string;
}

export class DigitalisationDto {
  @ApiProperty({ example: '2026-11-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-31' })
  to!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: Granularity;

  @ApiProperty({ nullable: true, type: String })
  serviceId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  locationId!: string | null;

  @ApiProperty({ type: DigitalisationFiguresDto })
  totals!: DigitalisationFiguresDto;

  @ApiProperty({
    type: DigitalisationComparisonDto,
    description: 'the same figures for the period of the same length right before',
  })
  previous!: DigitalisationComparisonDto;

  @ApiProperty({
    type: [DigitalisationPeriodDto],
    description: 'every week or month of the period, oldest first',
  })
  periods!: DigitalisationPeriodDto[];

  @ApiProperty({ type: [DigitalisationServiceDto], description: 'per service with any case, by German name' })
  services!: DigitalisationServiceDto[];

  @ApiProperty({
    type: BacklogDto,
    description:
      'the open cases at the end of the period (for one office: none, online cases belong to none)',
  })
  backlog!: BacklogDto;

  @ApiProperty({ type: BacklogDto, description: 'the same at the end of the previous period' })
  previousBacklog!: BacklogDto;
}
