import type { Locale } from '@buergeramt/contracts';
import { ListQueryDto } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { MAIL_KINDS, type MailKind } from '../../templates/mail-kinds';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../delivery.entity';

export class DeliveriesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: MAIL_KINDS })
  @IsOptional()
  @IsIn(MAIL_KINDS)
  kind?: MailKind;

  @ApiPropertyOptional({ format: 'uuid', description: "one person's mails" })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class DeliveryAttemptDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ enum: ['sent', 'retry', 'failed'] })
  outcome!: 'sent' | 'retry' | 'failed';

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'SMTP reply code' })
  code?: number | null;

  @ApiPropertyOptional()
  error?: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: MAIL_KINDS })
  kind!: MailKind;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the address; null while the recipient is unknown',
  })
  recipient!: string | null;

  @ApiProperty({ type: String, enum: ['de', 'en', null], nullable: true })
  locale!: Locale | null;

  @ApiProperty({ type: String, nullable: true })
  subject!: string | null;

  @ApiProperty({ description: 'tries to hand the mail to the SMTP server' })
  attempts!: number;

  @ApiProperty({ type: [DeliveryAttemptDto] })
  history!: DeliveryAttemptDto[];

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the Message-ID of the mail' })
  messageId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "the SMTP server's answer" })
  serverResponse!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  eventId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  eventType!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'pending mails fail after this',
  })
  pendingUntil!: string | null;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] })
  items!: DeliveryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
