import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiNullableRef, ListQueryDto } from '@buergeramt/platform';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ServiceNameDto } from '../../catalogue/dto/service-name.dto';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../appointment.entity';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
/** ISO 8601 with a time and an offset (or Z): a start must name an instant, not a wall-clock time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class ContactDto {
  @ApiProperty({ example: 'Erika Mustermann', maxLength: 200 })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'erika.mustermann@example.org', maxLength: 254, format: 'email' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_utf8_local_part: true }, { message: 'must be an e-mail address' })
  email!: string;

  @ApiPropertyOptional({ example: '+49 711 12345', maxLength: 40 })
  @IsOptional()
  @trim
  @IsString()
  @MaxLength(40)
  @Matches(/^[+0-9 ()/-]{3,40}$/, { message: 'must be a phone number' })
  phone?: string;
}

export class CreateAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  serviceId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  locationId!: string;

  @ApiProperty({
    example: '2026-12-01T08:00:00+01:00',
    description: 'a start from GET /slots',
    maxLength: 40,
  })
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT, { message: 'must be an ISO 8601 date-time with offset' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time with offset' })
  start!: string;

  @ApiPropertyOptional({ type: ContactDto, description: 'required without login (guest booking)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

export class ConfirmAppointmentDto {
  @ApiProperty({ description: 'the token from the mailed link', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}

export class RescheduleAppointmentDto {
  @ApiProperty({ example: '2026-12-02T09:00:00+01:00', maxLength: 40 })
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT, { message: 'must be an ISO 8601 date-time with offset' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time with offset' })
  start!: string;
}

export class TokenQueryDto {
  @ApiPropertyOptional({ description: 'the manage token from the mail', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

/** `?when=` of GET /appointments: which of the citizen's appointments, in which order. */
export const APPOINTMENT_LIST_WHEN = ['upcoming', 'past'] as const;
export type AppointmentListWhen = (typeof APPOINTMENT_LIST_WHEN)[number];

export class AppointmentListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: APPOINTMENT_LIST_WHEN,
    description:
      '`upcoming`: still to come (pending_confirmation, confirmed or checked_in, and not ended yet), ' +
      'soonest start first; `past`: all others (ended, cancelled, expired, completed, no_show), latest ' +
      'start first. Absent: every appointment, newest booking first. A cursor belongs to its list.',
  })
  @IsOptional()
  @IsIn(APPOINTMENT_LIST_WHEN, { message: 'must be upcoming or past' })
  when?: AppointmentListWhen;
}

/** The contact given with a booking (guests, or staff booking for someone). */
export class BookingContactDto {
  @ApiProperty({ example: 'Erika Mustermann' })
  name!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;
}

export class AppointmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'T-7KQ3M9XA' })
  reference!: string;

  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: AppointmentStatus;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000+01:00' })
  start!: string;

  @ApiProperty({ example: '2026-12-01T08:15:00.000+01:00' })
  end!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'until when a guest must confirm' })
  expiresAt?: string | null;
}

/** What the owner, staff and token holders see. */
export class AppointmentDetailDto extends AppointmentDto {
  @ApiNullableRef(ServiceNameDto, { description: 'null until the catalogue has announced the service' })
  serviceName!: ServiceNameDto | null;

  @ApiProperty()
  locationName!: string;

  @ApiProperty()
  locationAddress!: string;

  @ApiNullableRef(BookingContactDto, {
    description: 'name, email, phone given with the booking; null for a logged-in citizen’s own booking',
  })
  contact!: BookingContactDto | null;

  @ApiProperty({ type: String, nullable: true, enum: ['owner', 'staff', 'system', null] })
  cancelledBy!: 'owner' | 'staff' | 'system' | null;
}

export class AppointmentPageDto {
  @ApiProperty({ type: [AppointmentDetailDto] })
  items!: AppointmentDetailDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
