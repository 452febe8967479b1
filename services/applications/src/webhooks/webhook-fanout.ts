import type { DomainEvent, EventPayloads, EventType } from '@buergeramt/contracts';
import { OutboxPublisher } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import type { WebhookJobData } from './webhook.jobs';

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

/**
 * Publishes this service's events through the outbox and, in the same transaction, writes one webhook
 * delivery per subscribed endpoint and its job (`outbox.enqueue`, handled by `WebhookJobs`): a state change,
 * its event, its webhook deliveries and their jobs commit together.
 */
@Injectable()
export class EventPublisher {
  constructor(private readonly outbox: OutboxPublisher) {}

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
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
          [deliveryId(hook.id, event.id), hook.id, event.id, type, JSON.stringify(payload)],
        );
        for (const row of inserted) await enqueueDelivery(this.outbox, manager, row.id);
      }
    }
    return event;
  }
}

/**
 * The job of one try-series of a delivery, in the caller's transaction: job name `deliver` (as the
 * dispatcher's jobs were), job id = the outbox row's, so a redelivery is a job of its own.
 */
export async function enqueueDelivery(
  outbox: OutboxPublisher,
  manager: EntityManager,
  id: string,
): Promise<void> {
  await outbox.enqueue(manager, 'webhooks', { deliveryId: id } satisfies WebhookJobData, { name: 'deliver' });
}
