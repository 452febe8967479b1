import { ApiNullableRef } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { LocalizedDto } from '../../catalogue/dto/catalogue.dto';
import { StatsQueryDto } from '../../stats/stats.dto';

export class CreateFeedbackDto {
  @ApiProperty({ enum: ['appointment', 'application'] })
  @IsIn(['appointment', 'application'])
  subjectType!: 'appointment' | 'application';

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  @MaxLength(36)
  subjectId!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class FeedbackTokenQueryDto {
  @ApiPropertyOptional({ description: 'the token from the feedback mail' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class FeedbackDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['appointment', 'application'] })
  subjectType!: string;

  @ApiProperty({ format: 'uuid' })
  subjectId!: string;

  @ApiProperty()
  rating!: number;

  @ApiProperty()
  createdAt!: string;
}

export class FeedbackStatsQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  @MaxLength(36)
  locationId?: string;
}

export class FeedbackWeekDto {
  @ApiProperty({ example: '2026-W49', description: 'ISO week' })
  week!: string;

  @ApiProperty({ example: '2026-11-30', description: 'its Monday (Europe/Berlin)' })
  weekStart!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ description: 'rounded to two decimals' })
  averageRating!: number;
}

export class FeedbackCommentDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  rating!: number;

  @ApiProperty()
  comment!: string;

  @ApiProperty({ enum: ['appointment', 'application'] })
  subjectType!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  serviceId!: string | null;

  @ApiNullableRef(LocalizedDto, { description: 'the service’s name; null for one the catalogue lacks' })
  serviceName!: LocalizedDto | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the office (appointments only)',
  })
  locationId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the office’s name, if known' })
  locationName!: string | null;

  @ApiProperty()
  createdAt!: string;
}

export class FeedbackGroupDto {
  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'rounded to two decimals' })
  averageRating!: number | null;

  @ApiProperty({ type: 'integer', description: 'ratings in the previous period' })
  previousCount!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'the previous period’s average' })
  previousAverageRating!: number | null;
}

export class FeedbackServiceDto extends FeedbackGroupDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiNullableRef(LocalizedDto, { description: 'null for a service the catalogue lacks' })
  name!: LocalizedDto | null;
}

export class FeedbackLocationDto extends FeedbackGroupDto {
  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'null until the office is known here' })
  name!: string | null;
}

export class FeedbackPreviousDto {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ nullable: true, type: Number })
  averageRating!: number | null;
}

export class FeedbackStatsDto {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ nullable: true, type: Number })
  averageRating!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'count per rating ("1" … "5")',
    example: { 1: 0, 2: 1, 3: 2, 4: 5, 5: 9 },
  })
  distribution!: Record<string, number>;

  @ApiProperty({ type: [FeedbackWeekDto] })
  byWeek!: FeedbackWeekDto[];

  @ApiProperty({ type: [FeedbackCommentDto], description: 'the newest 100 comments' })
  comments!: FeedbackCommentDto[];

  @ApiProperty({ type: FeedbackPreviousDto, description: 'the period of the same length right before' })
  previous!: FeedbackPreviousDto;

  @ApiProperty({
    type: [FeedbackServiceDto],
    description: 'per service rated in either period, by German name',
  })
  byService!: FeedbackServiceDto[];

  @ApiProperty({
    type: [FeedbackLocationDto],
    description: 'per office rated in either period (appointments), by name',
  })
  byLocation!: FeedbackLocationDto[];
}

/** Per service: the median processing time over the last 90 days (only services with enough cases). */
export class TransparencyServiceDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty({ description: 'in the language asked for' })
  name!: string;

  @ApiProperty({
    description:
      'median calendar days from first submission to decision (one decimal); services below the minimum of cases are not listed',
  })
  medianProcessingDays!: number;

  @ApiProperty({ type: 'integer', description: 'decided cases behind the median' })
  cases!: number;
}

/** Per active office: people served and waiting times; each figure null below the minimum of cases. */
export class TransparencyOfficeDto {
  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ example: 'Bürgeramt Innenstadt' })
  name!: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'people served (walk-ins included), 30 days' })
  servedLast30Days!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'median minutes from arrival to call, today' })
  waitingMinutesToday!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'median minutes from arrival to call, 30 days' })
  medianWaitingMinutes30Days!: number | null;
}

export class OnlineShareDto {
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.237, description: 'fraction, three decimals' })
  share!: number;

  @ApiProperty({
    type: 'integer',
    description: 'all cases handled: online cases + counter cases, as GET /stats/digitalisation counts them',
  })
  cases!: number;
}

export class TransparencyDto {
  @ApiProperty()
  generatedAt!: string;

  @ApiProperty({ type: 'integer', description: 'no figure below rests on fewer cases than this' })
  minimumCases!: number;

  @ApiProperty({ type: [TransparencyServiceDto], description: 'last 90 days' })
  services!: TransparencyServiceDto[];

  @ApiProperty({
    type: [TransparencyOfficeDto],
    description:
      'the active offices: people served (walk-ins included) in the last 30 days, and the median minutes from arrival to call today and over 30 days; each null below the minimum of cases',
  })
  offices!: TransparencyOfficeDto[];

  @ApiNullableRef(OnlineShareDto, {
    description:
      'decided online applications among all cases handled in the last 90 days; null below the minimum of cases',
  })
  onlineShare!: OnlineShareDto | null;
}
