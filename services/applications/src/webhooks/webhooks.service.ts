import {
  type AuthUser,
  decodeCursor,
  DEFAULT_LIMIT,
  type ListQueryDto,
  NotFoundProblem,
  toPage,
  affectedRows,
  decodeTimeIdCursor,
  toKeyedPage,
} from '@buergeramt/platform';
import { OutboxPublisher } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { ApplicationsProblem } from '../common/problems';
import type {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  WebhookDto,
  WebhookPageDto,
} from './dto/webhooks.dto';
import { newWebhookSecret } from './signing';
import { enqueueDelivery } from './webhook-fanout';

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  log: DeliveryDto['log'];
  created_at: Date;
  delivered_at: Date | null;
}

/** Admin side of outgoing webhooks: endpoints and their delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxPublisher,
  ) {}

  private view(row: WebhookRow): WebhookDto {
    return {
      id: row.id,
      url: row.url,
      events: row.events,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  async create(dto: CreateWebhookDto, actor: AuthUser, requestId: string): Promise<CreatedWebhookDto> {
    const secret = newWebhookSecret();
    const id = uuidv7();
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<WebhookRow[]>(
        `INSERT INTO webhooks (id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, url, events, created_at`,
        [id, dto.url, dto.events, secret, actor.id],
      );
      if (!row) throw new Error(`INSERT … RETURNING gave no row for webhook ${id}`);
      await this.audit.record(manager, {
        actor,
        action: 'webhook.created',
        targetType: 'webhook',
        targetId: id,
        details: { url: dto.url, events: dto.events },
        requestId,
      });
      return { ...this.view(row), secret };
    });
  }

  async list(query: ListQueryDto): Promise<WebhookPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor);
    const rows = await this.dataSource.query<WebhookRow[]>(
      `SELECT id, url, events, created_at FROM webhooks
       WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => this.view(r));
  }

  /**
   * Sends a finished delivery (succeeded or failed) again: the same webhook-id and payload, signed anew,
   * with the full number of attempts (a new job, written with the reset row); its log keeps the earlier
   * attempts. 409 while it is still being attempted (`pending`) or when its endpoint was removed.
   */
  async redeliver(webhookId: string, id: string, actor: AuthUser, requestId: string): Promise<DeliveryDto> {
    const row = await this.dataSource.transaction(async (manager) => {
      const [found] = await manager.query<(DeliveryRow & { deleted_at: Date | null })[]>(
        `SELECT d.id, d.event_id, d.event_type, d.status, d.attempts, d.log, d.created_at, d.delivered_at,
                w.deleted_at
           FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
          WHERE d.id = $1 AND d.webhook_id = $2 FOR UPDATE OF d`,
        [id, webhookId],
      );
      if (!found) throw new NotFoundProblem('There is no such delivery.');
      if (found.deleted_at) throw new ApplicationsProblem('webhook-deleted');
      if (found.status === 'pending') throw new ApplicationsProblem('delivery-pending');
      const [updated] = await manager.query<[DeliveryRow[], number]>(
        `UPDATE webhook_deliveries SET status = 'pending', delivered_at = NULL
          WHERE id = $1
          RETURNING id, event_id, event_type, status, attempts, log, created_at, delivered_at`,
        [id],
      );
      await enqueueDelivery(this.outbox, manager, id);
      await this.audit.record(manager, {
        actor,
        action: 'webhook.redelivered',
        targetType: 'webhook',
        targetId: webhookId,
        details: { deliveryId: id, eventId: found.event_id },
        requestId,
      });
      // the row is locked above (FOR UPDATE), so the UPDATE finds it
      const [row] = updated;
      if (!row) throw new Error(`webhook delivery ${id} vanished while locked`);
      return row;
    });
    return deliveryView(row);
  }

  async deliveries(webhookId: string, query: ListQueryDto): Promise<DeliveryPageDto> {
    const exists = await this.dataSource.query<unknown[]>(`SELECT 1 FROM webhooks WHERE id = $1`, [
      webhookId,
    ]);
    if (exists.length === 0) throw new NotFoundProblem('There is no such webhook.');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = decodeTimeIdCursor(query.cursor, 'deliveries');
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT id, event_id, event_type, status, attempts, log, created_at, delivered_at FROM webhook_deliveries
       WHERE webhook_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [webhookId, cursor?.at.toISOString() ?? null, cursor?.id ?? null, limit + 1],
    );
    return toKeyedPage(rows, limit, 'deliveries', deliveryView, (r) => [
      new Date(r.created_at).toISOString(),
      r.id,
    ]);
  }

  async remove(id: string, actor: AuthUser, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result: unknown = await manager.query(
        `UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
        [id],
      );
      if (!affectedRows(result)) throw new NotFoundProblem('There is no such webhook.');
      await this.audit.record(manager, {
        actor,
        action: 'webhook.deleted',
        targetType: 'webhook',
        targetId: id,
        requestId,
      });
    });
  }
}

function deliveryView(r: DeliveryRow): DeliveryDto {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    log: r.log,
    createdAt: new Date(r.created_at).toISOString(),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
  };
}
