import { ApiNullableRef } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { BookingContactDto } from '../../bookings/dto/appointments.dto';
import { ServiceNameDto } from '../../catalogue/dto/service-name.dto';
import { REFERENCE_INPUT } from '../../bookings/reference';
import { TICKET_STATUSES, type TicketStatus } from '../ticket.entities';

// Three kinds of request: a check-in by `appointmentId`, a check-in by the booking `reference` at
// `locationId` (the kiosk, or a clerk typing what the resident shows), a walk-in for `serviceId` at
// `locationId`. Each field is checked whenever it is given (the handler takes the first kind present, so
// nothing may pass unchecked beside it), and required when no other kind is asked for.
export class CreateTicketDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'check-in of a booked appointment' })
  @ValidateIf(
    (dto: CreateTicketDto) =>
      dto.appointmentId !== undefined ||
      (dto.locationId === undefined && dto.serviceId === undefined && dto.reference === undefined),
  )
  @IsUUID('all')
  appointmentId?: string;

  @ApiPropertyOptional({
    example: 'T-7KQ2M9XA',
    description:
      'check-in by the booking reference (with `locationId`); case, spaces and the "T-" prefix do not matter',
    maxLength: 20,
  })
  @ValidateIf((dto: CreateTicketDto) => dto.reference !== undefined)
  @IsString()
  @MaxLength(20)
  @Matches(REFERENCE_INPUT, { message: 'must be a booking reference such as T-7KQ2M9XA' })
  reference?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'walk-in or check-in by reference: where' })
  @ValidateIf((dto: CreateTicketDto) => dto.appointmentId === undefined || dto.locationId !== undefined)
  @IsUUID('all')
  locationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'walk-in: for what' })
  @ValidateIf(
    (dto: CreateTicketDto) =>
      (dto.appointmentId === undefined && dto.reference === undefined) || dto.serviceId !== undefined,
  )
  @IsUUID('all')
  serviceId?: string;
}

export class AgendaQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'default today (city time)', maxLength: 10 })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  date?: string;
}

export class DisplayQueryDto {
  @ApiPropertyOptional({
    description: 'resume after this call id (alternative to the Last-Event-ID header)',
    maxLength: 20,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(/^\d+$/, { message: 'must be a call id' })
  lastEventId?: string;
}

export class TicketDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'A017', description: 'A… walk-ins, T… appointments' })
  number!: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ enum: ['appointment', 'walk_in'] })
  kind!: 'appointment' | 'walk_in';

  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  appointmentId!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'place in the queue while waiting' })
  position!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "from today's real service times" })
  estimatedWaitMinutes!: number | null;

  @ApiProperty({ type: String, nullable: true })
  counter!: string | null;

  @ApiProperty()
  arrivedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  calledAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
}

export class CallDto {
  @ApiProperty({
    example: '1042',
    description:
      'the call’s id, the event id of the display stream: a screen that shows these calls resumes the stream after the newest (`?lastEventId=`), so it misses and repeats none',
  })
  id!: string;

  @ApiProperty({ example: 'A017' })
  number!: string;

  @ApiProperty({ example: 'Schalter 3' })
  counter!: string;

  @ApiProperty({ description: 'called again (the display shows it as a repeated call)' })
  recall!: boolean;

  @ApiProperty({ format: 'date-time' })
  calledAt!: string;
}

export class QueueServiceDto {
  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiNullableRef(ServiceNameDto, { description: 'from the catalogue; null until it is known' })
  name!: ServiceNameDto | null;

  @ApiProperty({ description: 'tickets for this service waiting now' })
  waiting!: number;

  @ApiProperty({
    description:
      'for someone arriving now for this service: everyone waiting, shared by the counters that serve it',
  })
  estimatedWaitMinutes!: number;
}

export class QueueSummaryDto {
  @ApiProperty()
  waiting!: number;

  @ApiProperty({ description: 'for someone arriving now' })
  estimatedWaitMinutes!: number;

  @ApiProperty({ description: 'whether the office draws walk-in tickets (else appointments only)' })
  walkInsEnabled!: boolean;

  @ApiProperty({
    type: [QueueServiceDto],
    description: 'the services the office offers, with their own queue (for kiosks and the counter)',
  })
  services!: QueueServiceDto[];

  @ApiProperty({ type: [CallDto], description: 'newest first' })
  lastCalled!: CallDto[];
}

export class AgendaAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty()
  status!: string;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiNullableRef(ServiceNameDto, { description: 'null until the catalogue has announced the service' })
  serviceName!: ServiceNameDto | null;

  @ApiProperty()
  start!: string;

  @ApiProperty()
  end!: string;

  @ApiProperty()
  counter!: string;

  @ApiNullableRef(BookingContactDto, {
    description: 'given with the booking; null for a citizen’s own booking',
  })
  contact!: BookingContactDto | null;

  @ApiProperty({ type: String, nullable: true })
  userId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Erika Mustermann',
    description:
      "who comes: the contact's name, or for a resident's own booking the account's name (null when unknown)",
  })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  ticketNumber!: string | null;
}

export class AgendaDto {
  @ApiProperty({ example: '2026-12-01' })
  date!: string;

  @ApiProperty({ type: [AgendaAppointmentDto] })
  appointments!: AgendaAppointmentDto[];

  @ApiProperty({ type: [TicketDto] })
  tickets!: TicketDto[];
}
