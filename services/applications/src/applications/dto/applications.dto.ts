import { ApiNullableRef, ListQueryDto } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
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

const STATUS_FILTERS = [...STATUSES, 'open'] as const;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ApplicationListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: STATUS_FILTERS,
    description: '`open` (staff): submitted, in_review and info_requested together',
  })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: ApplicationStatus | 'open';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  @MaxLength(36)
  serviceId?: string;

  @ApiPropertyOptional({ description: '`me`, `none`, `any` (assigned to somebody), or a staff user id' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Matches(/^(me|none|any|[0-9a-fA-F-]{36})$/, { message: 'must be me, none, any or a user id' })
  assignee?: string;

  @ApiPropertyOptional({ description: 'only cases past their due date that wait on the office' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({
    description:
      'staff: only open cases with an answer of the resident the office has not acted on since (see ' +
      '`answerReceived`)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'must be true or false' })
  answered?: boolean;

  @ApiPropertyOptional({
    enum: ['newest', 'due'],
    default: 'newest',
    description: '`newest` first, or by `due` date, soonest first (cases without one last)',
  })
  @IsOptional()
  @IsIn(['newest', 'due'])
  sort?: 'newest' | 'due';
}

/** The staff inbox's filters without paging and order: what `GET /applications/counts` counts by. */
export class InboxFilterQueryDto extends OmitType(ApplicationListQueryDto, [
  'limit',
  'cursor',
  'sort',
] as const) {}

export class StatusCountsDto {
  @ApiProperty() open!: number;
  @ApiProperty() submitted!: number;
  @ApiProperty() in_review!: number;
  @ApiProperty() info_requested!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() withdrawn!: number;
}

export class AssigneeCountsDto {
  @ApiProperty() me!: number;
  @ApiProperty() none!: number;
  @ApiProperty({ description: 'assigned to somebody' }) any!: number;
}

export class ServiceCountDto {
  @ApiProperty({ format: 'uuid' }) serviceId!: string;
  @ApiProperty() count!: number;
}

export class InboxCountsDto {
  @ApiProperty({ description: 'cases matching all the filters given' })
  total!: number;

  @ApiProperty({ type: StatusCountsDto, description: 'per status, with the other filters (not status)' })
  status!: StatusCountsDto;

  @ApiProperty({ type: AssigneeCountsDto, description: 'per assignee choice, with the other filters' })
  assignee!: AssigneeCountsDto;

  @ApiProperty({ description: 'overdue cases, with the other filters' })
  overdue!: number;

  @ApiProperty({ description: 'cases with an answer received, with the other filters' })
  answered!: number;

  @ApiProperty({ type: [ServiceCountDto], description: 'per service with cases, with the other filters' })
  services!: ServiceCountDto[];
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'application.assigned' }) action!: string;
  @ApiProperty({ enum: ['user', 'client', 'system'] }) actorType!: string;
  @ApiProperty({ nullable: true, type: String, example: 'clerk' }) actorRole!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the staff member’s name, when known' })
  actorName!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ type: [String], example: ['clerk'] }) roles!: string[];
}

export class StaffListDto {
  @ApiProperty({ type: [StaffMemberDto] }) items!: StaffMemberDto[];
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

  @ApiPropertyOptional({
    description:
      'staff reads (list and case): the resident answered (resubmitted after a request for information, ' +
      'or wrote) after the office last acted (changed the status or wrote), and the case is open',
  })
  answerReceived?: boolean;

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
