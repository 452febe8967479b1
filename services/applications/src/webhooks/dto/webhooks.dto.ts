import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-fanout';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://fachverfahren.esslingen.example/hooks/buergeramt' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events!: string[];

  @ApiProperty()
  createdAt!: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'signing secret (whsec_…), shown only in this answer' })
  secret!: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] })
  items!: WebhookDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class DeliveryAttemptDto {
  @ApiProperty()
  at!: string;

  @ApiProperty({ nullable: true, type: Number })
  statusCode!: number | null;

  @ApiProperty({ nullable: true, type: String })
  error!: string | null;

  @ApiProperty()
  durationMs!: number;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'also the webhook-id header, the same on every retry' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty()
  eventType!: string;

  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status!: string;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: [DeliveryAttemptDto] })
  log!: DeliveryAttemptDto[];

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String })
  deliveredAt!: string | null;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] })
  items!: DeliveryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
