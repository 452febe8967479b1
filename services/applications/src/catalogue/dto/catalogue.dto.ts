import { ApiNullableRef, ListQueryDto } from '@buergeramt/platform';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class LocalizedDto {
  @ApiProperty({ example: 'Personalausweis beantragen' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  de!: string;

  @ApiProperty({ example: 'Apply for an identity card' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  en!: string;
}

export class RequiredDocumentDto {
  @ApiProperty({ type: LocalizedDto })
  @IsObject() // required: ValidateNested alone lets a missing object through
  @ValidateNested()
  @Type(() => LocalizedDto)
  name!: LocalizedDto;

  @ApiProperty({ description: 'must be uploaded with an online application' })
  @IsBoolean()
  uploadForOnline!: boolean;
}

export class ServiceListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'searches names, summaries and synonyms', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class FormQueryDto {
  @ApiPropertyOptional({
    description: 'a published version (a draft keeps the version it was started with); default the newest',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

/**
 * What one case of the service costs, in the manner of the Standardkostenmodell: minutes of staff time and of
 * the resident's time per channel (at the counter: with the trip and the wait; online), and the staff's
 * hourly rate in euros. The digitalisation check multiplies the online cases by the difference.
 */
export class CostModelDto {
  @ApiProperty({ description: 'staff minutes per case handled at the counter', example: 15 })
  @IsInt()
  @Min(0)
  @Max(1440)
  counterStaffMinutes!: number;

  @ApiProperty({ description: 'staff minutes per case applied for online', example: 6 })
  @IsInt()
  @Min(0)
  @Max(1440)
  onlineStaffMinutes!: number;

  @ApiProperty({
    description: "the resident's minutes per case at the counter (the trip, the wait, the visit)",
    example: 75,
  })
  @IsInt()
  @Min(0)
  @Max(1440)
  counterResidentMinutes!: number;

  @ApiProperty({ description: "the resident's minutes per case online", example: 15 })
  @IsInt()
  @Min(0)
  @Max(1440)
  onlineResidentMinutes!: number;

  @ApiProperty({ description: 'euros per staff hour (salary and workplace)', example: 58.5 })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  staffHourlyRate!: number;
}

/** A service's optional cost model in a create or change request (`null` clears it). */
function CostModelField(): PropertyDecorator {
  return applyDecorators(
    ApiNullableRef(CostModelDto, {
      required: false,
      description: 'the inputs of the digitalisation check; null: not set (no savings are computed)',
    }),
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => CostModelDto),
  );
}

export class CreateServiceDto {
  @ApiProperty({ example: 'personalausweis', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
  @IsString()
  @MaxLength(80)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be lower-case letters, digits and dashes' })
  slug!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'LeiKa key (Leistungskatalog), where one exists',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(/^\d{8,14}$/, { message: 'must be 8-14 digits' })
  leikaKey?: string | null;

  @ApiProperty({ type: LocalizedDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedDto)
  name!: LocalizedDto;

  @ApiProperty({ type: LocalizedDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedDto)
  summary!: LocalizedDto;

  @ApiProperty({ type: LocalizedDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedDto)
  description!: LocalizedDto;

  @ApiPropertyOptional({ type: [String], example: ['Perso', 'Ausweis'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  synonyms?: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'fee in euros; null when it depends on the case',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100000)
  feeAmount?: number | null;

  @ApiProperty({ type: LocalizedDto, description: 'the fee as residents read it' })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedDto)
  feeText!: LocalizedDto;

  @ApiPropertyOptional({ type: [RequiredDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequiredDocumentDto)
  requiredDocuments?: RequiredDocumentDto[];

  @ApiProperty({ description: 'processing target in working days', example: 10 })
  @IsInt()
  @Min(0)
  @Max(365)
  processingDays!: number;

  @ApiProperty()
  @IsBoolean()
  appointmentRequired!: boolean;

  @ApiProperty()
  @IsBoolean()
  onlineApplication!: boolean;

  @CostModelField()
  costModel?: CostModelDto | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateServiceDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be lower-case letters, digits and dashes' })
  slug?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(/^\d{8,14}$/, { message: 'must be 8-14 digits' })
  leikaKey?: string | null;

  @ApiPropertyOptional({ type: LocalizedDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedDto)
  name?: LocalizedDto;

  @ApiPropertyOptional({ type: LocalizedDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedDto)
  summary?: LocalizedDto;

  @ApiPropertyOptional({ type: LocalizedDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedDto)
  description?: LocalizedDto;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  synonyms?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100000)
  feeAmount?: number | null;

  @ApiPropertyOptional({ type: LocalizedDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedDto)
  feeText?: LocalizedDto;

  @ApiPropertyOptional({ type: [RequiredDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequiredDocumentDto)
  requiredDocuments?: RequiredDocumentDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  processingDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  appointmentRequired?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  onlineApplication?: boolean;

  @CostModelField()
  costModel?: CostModelDto | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateFormDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema 2020-12 of the form data (type object)',
  })
  @IsObject()
  schema!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'sections in order with fields (name = dotted path), labels/help in de and en, showIf',
  })
  @IsObject()
  ui!: Record<string, unknown>;
}

export class FeeDto {
  @ApiProperty({ nullable: true, type: Number, description: 'euros; null when it depends on the case' })
  amount!: number | null;

  @ApiProperty({ example: 'EUR' })
  currency!: 'EUR';

  @ApiProperty({ example: '46,00 € (ab 24 Jahren)' })
  text!: string;
}

export class ServiceSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty({ nullable: true, type: String })
  leikaKey!: string | null;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ type: FeeDto })
  fee!: FeeDto;

  @ApiProperty()
  appointmentRequired!: boolean;

  @ApiProperty()
  onlineApplication!: boolean;

  @ApiProperty({ type: [String] })
  requiredDocuments!: string[];

  @ApiProperty()
  processingDays!: number;

  @ApiProperty()
  active!: boolean;
}

export class ServicePageDto {
  @ApiProperty({ type: [ServiceSummaryDto] })
  items!: ServiceSummaryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Personalausweis',
    description:
      'when `q` matched nothing as typed and the items are the close (typo-tolerant) matches: the name or synonym, in the language asked for, that came closest; null when `q` matched directly, when nothing is close, and without `q`',
  })
  didYouMean!: string | null;
}

/** An office offering appointments for a service (from the appointments service's `location.changed`). */
export class ServiceLocationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Bürgeramt Innenstadt' })
  name!: string;

  @ApiProperty({ example: 'Ritterstraße 17, 73728 Esslingen am Neckar', description: 'one line' })
  address!: string;
}

export class ServiceDetailDto extends ServiceSummaryDto {
  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String] })
  synonyms!: string[];

  @ApiProperty({
    type: [ServiceLocationDto],
    description:
      'the active locations offering appointments for this service, by name (from the appointments service’s `location.changed` events)',
  })
  locations!: ServiceLocationDto[];

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'median calendar days from submission to decision over the last 90 days; null below the anonymity threshold',
  })
  typicalProcessingDays!: number | null;

  @ApiProperty({ description: 'whether a published online form exists' })
  hasForm!: boolean;
}

export class ServiceAdminDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty({ nullable: true, type: String })
  leikaKey!: string | null;

  @ApiProperty({ type: LocalizedDto })
  name!: LocalizedDto;

  @ApiProperty({ type: LocalizedDto })
  summary!: LocalizedDto;

  @ApiProperty({ type: LocalizedDto })
  description!: LocalizedDto;

  @ApiProperty({ type: [String] })
  synonyms!: string[];

  @ApiProperty({ nullable: true, type: Number })
  feeAmount!: number | null;

  @ApiProperty({ type: LocalizedDto })
  feeText!: LocalizedDto;

  @ApiProperty({ type: [RequiredDocumentDto] })
  requiredDocuments!: RequiredDocumentDto[];

  @ApiProperty()
  processingDays!: number;

  @ApiProperty()
  appointmentRequired!: boolean;

  @ApiProperty()
  onlineApplication!: boolean;

  @ApiNullableRef(CostModelDto, { description: 'null: not set' })
  costModel!: CostModelDto | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty()
  demo!: boolean;

  @ApiProperty()
  updatedAt!: string;
}

export class FormDto {
  @ApiProperty({ format: 'uuid' })
  formId!: string;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema 2020-12' })
  schema!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'order, sections, labels and help in de and en, conditional fields',
  })
  ui!: Record<string, unknown>;

  @ApiProperty()
  publishedAt!: string;
}

export class ServiceAdminPageDto {
  @ApiProperty({ type: [ServiceAdminDto], description: 'every service, withdrawn ones too, by German name' })
  items!: ServiceAdminDto[];

  @ApiProperty({ nullable: true, type: String, description: 'always null (all at once)' })
  nextCursor!: string | null;
}

export class FormPageDto {
  @ApiProperty({ type: [FormDto], description: 'every published version, newest first' })
  items!: FormDto[];

  @ApiProperty({ nullable: true, type: String, description: 'always null (all at once)' })
  nextCursor!: string | null;
}
