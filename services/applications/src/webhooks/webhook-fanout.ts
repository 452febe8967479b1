import type { DomainEvent, EventPayloads, EventType } from '@buergeramt/contracts';
import { OutboxPublisher } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';

/** The events admins can subscribe webhooks to. */
export const WEBHOOK_EVENTS = [
  'application.submitted',
  'application.status-changed',
  'application.decided',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Namespace of delivery ids: one delivery per (webhook, event), the same id whoever writes it. */
const DELIVERY_NAMESPACE = '4b0c7c1e-3f0b-4d8e-9a53-8b3a2f3c9d10';

export function deliveryId(webhookId: string, eventId: string): string {
  return uuidv5(`${webhookId}:${eventId}`, DELIVERY_NAMESPACE);
}

function isWebhookEvent(type: EventType): type is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(type);
}

/** Callbacks run after a commit that wrote webhook deliveries (the dispatcher sends them at once). */
@Injectable()
export class WebhookWakeup {
  private readonly listeners: (() => void)[] = [];

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * Publishes this service's events through the outbox and, in the same transaction, writes one webhook
 * delivery per subscribed endpoint: a state change, its event and its webhook deliveries commit together.
 */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly outbox: OutboxPublisher,
    private readonly wakeup: WebhookWakeup,
  ) {}

  async publish<T extends EventType>(
    manager: EntityManager,
    type: T,
    subject: string,
    data: EventPayloads[T],
    traceId?: string | null,
  ): Promise<DomainEvent<T>> {
    const event = await this.outbox.publish(manager, type, subject, data, { traceId: traceId ?? null });
    if (isWebhookEvent(type)) {
      const hooks = await manager.query<{ id: string }[]>(
        `SELECT id FROM webhooks WHERE deleted_at IS NULL AND $1 = ANY (events)`,
        [type],
      );
      for (const hook of hooks) {
        const payload = {
          type,
          timestamp: event.occurredAt,
          data: { eventId: event.id, subject, ...data },
        };
        await manager.query(
          `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [deliveryId(hook.id, event.id), hook.id, event.id, type, JSON.stringify(payload)],
        );
      }
      if (hooks.length > 0 && manager.queryRunner) {
        // wake the dispatcher once the transaction has committed (it also polls, so nothing is lost)
        setTimeout(() => this.wakeup.wake(), 20);
      }
    }
    return event;
  }
}
