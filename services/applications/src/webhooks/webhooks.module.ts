import { Global, Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook.dispatcher';
import { EventPublisher, WebhookWakeup } from './webhook-fanout';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Global: every feature publishes its events through the EventPublisher (outbox + webhook deliveries). */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookDispatcher, WebhookWakeup, EventPublisher],
  exports: [EventPublisher, WebhookDispatcher],
})
export class WebhooksModule {}
