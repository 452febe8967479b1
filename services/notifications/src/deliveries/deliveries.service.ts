import { DEFAULT_LIMIT, decodeCursor, toPage } from '@buergeramt/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotificationsProblem } from '../common/notifications.errors';
import { NotifyService } from '../notify/notify.service';
import { DeliveriesRepository } from './deliveries.repository';
import type { DeliveriesQueryDto, DeliveryDto, DeliveryPageDto } from './dto/deliveries.dto';
import type { DeliveryEntity } from './delivery.entity';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toDeliveryDto(row: DeliveryEntity): DeliveryDto {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    userId: row.userId,
    recipient: row.recipientEmail,
    locale: row.locale,
    subject: row.subject,
    attempts: row.attempts,
    history: row.history,
    lastError: row.lastError,
    messageId: row.messageId,
    serverResponse: row.serverResponse,
    eventId: row.eventId,
    eventType: row.eventType,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sentAt: iso(row.sentAt),
    failedAt: iso(row.failedAt),
    pendingUntil: iso(row.pendingUntil),
  };
}

/** The delivery log as admins see it; never the mails' content (their links may carry tokens). */
@Injectable()
export class DeliveriesService {
  private readonly audit = new Logger('Audit');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly notify: NotifyService,
  ) {}

  async list(adminId: string, query: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.deliveries.list({
      status: query.status,
      kind: query.kind,
      userId: query.userId,
      before: decodeCursor(query.cursor),
      limit,
    });
    this.audit.log(`admin ${adminId} read ${Math.min(rows.length, limit)} delivery log entries`);
    return toPage(rows, limit, toDeliveryDto);
  }

  /** Sends a failed mail again (409 when it has not failed). */
  async retry(adminId: string, id: string): Promise<DeliveryDto> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.deliveries.lock(manager, id);
      if (!row) throw new NotificationsProblem('delivery-not-found');
      if (row.status !== 'failed') {
        throw new NotificationsProblem(
          'delivery-not-retryable',
          `This delivery is ${row.status}; only failed ones are retried.`,
        );
      }
      const status = await this.notify.retryFailed(manager, row);
      this.audit.log(`admin ${adminId} retried delivery ${id}: now ${status}`);
    });
    return toDeliveryDto((await this.deliveries.findById(id))!);
  }
}
