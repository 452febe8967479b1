import { ApiNullableRef, ListQueryDto } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { STATUSES, type ApplicationStatus } from '../workflow';

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  @MaxLength(36)
  serviceId!: string;
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'form data (partial while a draft); replaces the stored data',
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class ApplicationListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  @MaxLength(36)
  serviceId?: string;

  @ApiPropertyOptional({ description: '`me`, `none`, or a staff user id' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Matches(/^(me|none|[0-9a-fA-F-]{36})$/, { message: 'must be me, none or a user id' })
  assignee?: string;

  @ApiPropertyOptional({ description: 'only cases past their due date that wait on the office' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'must be true or false' })
  overdue?: boolean;
}

export class AssignDto {
  @ApiProperty({ description: 'a staff user id, or `me`' })
  @IsString()
  @MaxLength(36)
  @Matches(/^(me|[0-9a-fA-F-]{36})$/, { message: 'must be me or a user id' })
  assigneeId!: string;
}

export class RequestInfoDto {
  @ApiProperty({ example: 'Bitte laden Sie die Wohnungsgeberbestätigung hoch.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  message!: string;
}

export class DecideDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'])
  outcome!: 'approved' | 'rejected';

  @ApiProperty({ example: 'Alle Voraussetzungen sind erfüllt.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  reason!: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  outcome!: 'approved' | 'rejected';

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  decidedAt!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the issued decision letter, once documents made it',
  })
  documentId!: string | null;
}

export class ApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ format: 'uuid' })
  formId!: string;

  @ApiProperty()
  formVersion!: number;

  @ApiProperty({ enum: STATUSES })
  status!: ApplicationStatus;

  @ApiProperty({ nullable: true, type: String, example: 'ESS-2026-000123' })
  reference!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the form data' })
  data!: Record<string, unknown>;

  @ApiProperty({ type: [String] })
  documentIds!: string[];

  @ApiProperty({ nullable: true, type: String, description: 'user id of the assigned clerk' })
  assignee!: string | null;

  @ApiProperty({ nullable: true, type: String })
  dueAt!: string | null;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ nullable: true, type: String })
  submittedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'the open request for information' })
  infoRequest!: string | null;

  @ApiNullableRef(DecisionDto, { description: 'null until the case is decided' })
  decision!: DecisionDto | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationDto] })
  items!: ApplicationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class TimelineEntryDto {
  @ApiProperty()
  at!: string;

  @ApiProperty({ type: String, nullable: true, enum: [...STATUSES, null] })
  from!: ApplicationStatus | null;

  @ApiProperty({ enum: STATUSES })
  to!: ApplicationStatus;

  @ApiProperty({ example: 'clerk', description: 'citizen, clerk, supervisor, admin, client or system' })
  actorRole!: string;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineEntryDto] })
  items!: TimelineEntryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: null;
}

export class PostMessageDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  body!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  fromStaff!: boolean;

  @ApiProperty({ description: 'citizen, clerk, supervisor, admin' })
  authorRole!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty({ type: [String] })
  documentIds!: string[];

  @ApiProperty()
  createdAt!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] })
  items!: MessageDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
