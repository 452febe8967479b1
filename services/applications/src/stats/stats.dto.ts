import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StatsQueryDto {
  @ApiPropertyOptional({ description: 'first day (YYYY-MM-DD, Europe/Berlin); default 90 days ago' })
  @IsOptional()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'last day (inclusive); default today' })
  @IsOptional()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  @MaxLength(36)
  serviceId?: string;
}

export class DurationFiguresDto {
  @ApiProperty({ nullable: true, type: Number, description: 'days' })
  median!: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'days' })
  p90!: number | null;
}

export class WeekFiguresDto {
  @ApiProperty({ example: '2026-W03' })
  week!: string;

  @ApiProperty({ description: 'Monday of the week', example: '2026-01-12' })
  weekStart!: string;

  @ApiProperty()
  submitted!: number;

  @ApiProperty()
  decided!: number;

  @ApiProperty({ nullable: true, type: Number })
  medianProcessingDays!: number | null;
}

export class ApplicationStatsDto {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ nullable: true, type: String })
  serviceId!: string | null;

  @ApiProperty({ description: 'first submissions in the period (all online)' })
  submitted!: number;

  @ApiProperty()
  decided!: number;

  @ApiProperty()
  approved!: number;

  @ApiProperty()
  rejected!: number;

  @ApiProperty()
  withdrawn!: number;

  @ApiProperty({ type: DurationFiguresDto, description: 'first submission to decision, calendar days' })
  processingDays!: DurationFiguresDto;

  @ApiProperty({ nullable: true, type: Number, description: 'share of decisions by their due date (0..1)' })
  withinTargetShare!: number | null;

  @ApiProperty({ description: 'open cases now (submitted, in_review, info_requested)' })
  openBacklog!: number;

  @ApiProperty({ description: 'open cases past their due date now' })
  overdue!: number;

  @ApiProperty({ type: [WeekFiguresDto] })
  byWeek!: WeekFiguresDto[];
}
