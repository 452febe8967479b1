import { Global, Module } from '@nestjs/common';
import { EventPublisher } from './webhook-fanout';
import { WebhookJobs } from './webhook.jobs';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Global: every feature publishes its events through the EventPublisher (outbox + webhook deliveries and
 * their jobs); `WebhookJobs` sends the deliveries.
 */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookJobs, EventPublisher],
  exports: [EventPublisher],
})
export class WebhooksModule {}
