import { ListQueryDto, ToBoolean } from '@buergeramt/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { MAIL_KINDS, type MailKind } from '../../templates/mail-kinds';

export class InboxQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'only entries not read yet' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: MAIL_KINDS, description: 'what happened (the kind of the mail)' })
  type!: MailKind;

  @ApiProperty({ description: "in the reader's language" })
  title!: string;

  @ApiProperty({ description: "in the reader's language" })
  body!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'path of the case or appointment in the citizen app, below PUBLIC_BASE_URL',
    example: '/antraege/0194d0b2-6c1e-7a52-9a7e-3c2b1d0e4f5a',
  })
  link!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items!: NotificationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;

  @ApiProperty({ description: 'unread entries in the whole inbox' })
  unreadCount!: number;
}
