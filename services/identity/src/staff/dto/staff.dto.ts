import type { Locale, Role } from '@buergeramt/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateIf,
} from 'class-validator';
import { EmailField, LocaleField, NameField } from '../../accounts/dto/fields';
import { ListQueryDto } from '@buergeramt/platform';

export const STAFF_ROLE_NAMES = ['clerk', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLE_NAMES)[number];

export class CreateStaffDto {
  @EmailField()
  email!: string;

  @NameField('Max')
  givenName!: string;

  @NameField('Mustermann')
  familyName!: string;

  @ApiProperty({ enum: STAFF_ROLE_NAMES, isArray: true, example: ['clerk'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(STAFF_ROLE_NAMES, { each: true })
  roles!: StaffRole[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'locations of a clerk or supervisor; none = all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  locationIds?: string[];

  @LocaleField()
  locale?: Locale;
}

export class UpdateStaffDto {
  @NameField('Max', true)
  givenName?: string;

  @NameField('Mustermann', true)
  familyName?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLE_NAMES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(STAFF_ROLE_NAMES, { each: true })
  roles?: StaffRole[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    nullable: true,
    description: 'null = all locations',
  })
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  locationIds?: string[] | null;

  @LocaleField()
  locale?: Locale;
}

export class StaffListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: STAFF_ROLE_NAMES })
  @IsOptional()
  @IsIn(STAFF_ROLE_NAMES)
  role?: StaffRole;
}

export class StaffDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  givenName!: string;

  @ApiProperty()
  familyName!: string;

  @ApiProperty({ enum: ['clerk', 'supervisor', 'admin'], isArray: true })
  roles!: Role[];

  @ApiProperty({ type: [String], nullable: true, description: 'null = all locations' })
  locationIds!: string[] | null;

  @ApiProperty({ enum: ['de', 'en'] })
  locale!: Locale;

  @ApiProperty({ enum: ['invited', 'active', 'disabled'] })
  status!: 'invited' | 'active' | 'disabled';

  @ApiProperty()
  mfaEnabled!: boolean;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String })
  lastLoginAt!: string | null;
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffDto] })
  items!: StaffDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
