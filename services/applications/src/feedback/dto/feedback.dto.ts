import type { OfficeFigures } from '../../stats/figures.repository';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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

export class FeedbackStatsDto {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty()
  count!: number;

  @ApiProperty({ nullable: true, type: Number })
  averageRating!: number | null;

  @ApiProperty({ description: 'count per rating', example: { 1: 0, 2: 1, 3: 2, 4: 5, 5: 9 } })
  distribution!: Record<string, number>;

  @ApiProperty({ type: [Object], description: '[{week, weekStart, count, averageRating}]' })
  byWeek!: { week: string; weekStart: string; count: number; averageRating: number }[];

  @ApiProperty({
    type: [Object],
    description: 'newest 100 comments [{rating, comment, subjectType, serviceId, createdAt}]',
  })
  comments!: {
    rating: number;
    comment: string;
    subjectType: string;
    serviceId: string | null;
    createdAt: string;
  }[];
}

export class TransparencyDto {
  @ApiProperty()
  generatedAt!: string;

  @ApiProperty({ description: 'no figure below rests on fewer cases than this' })
  minimumCases!: number;

  @ApiProperty({
    type: [Object],
    description: '[{serviceId, slug, name, medianProcessingDays, cases}] (last 90 days)',
  })
  services!: { serviceId: string; slug: string; name: string; medianProcessingDays: number; cases: number }[];

  @ApiProperty({
    type: [Object],
    description:
      '[{locationId, name, servedLast30Days, waitingMinutesToday, medianWaitingMinutes30Days}]: people served (walk-ins included) in the last 30 days, and the median minutes from arrival to call today and over 30 days; each null below the minimum of cases',
  })
  offices!: OfficeFigures[];

  @ApiProperty({
    nullable: true,
    type: Object,
    description: '{share, cases}: decided online applications among all cases handled in the last 90 days',
  })
  onlineShare!: { share: number; cases: number } | null;
}
