import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ApplicationsConfig } from '../config';
import { EventPublisher } from '../webhooks/webhook-fanout';
import { RetentionService } from './retention.service';
import { Clock } from '@buergeramt/platform';

/** Events of other services about cases: the issued decision letter, and deleted accounts. */
@Injectable()
export class ApplicationsConsumer {
  constructor(
    private readonly retention: RetentionService,
    private readonly events: EventPublisher,
    private readonly config: ApplicationsConfig,
    private readonly clock: Clock,
  ) {}

  @OnEvent('document.issued')
  async documentIssued(event: DomainEvent<'document.issued'>, manager: EntityManager): Promise<void> {
    const { documentId, ownerId, applicationId } = event.data;
    await manager.query(
      `INSERT INTO known_documents (document_id, owner_id, status, application_id, issued, updated_at)
       VALUES ($1, $2, 'clean', $3, true, $4) ON CONFLICT (document_id) DO NOTHING`,
      [documentId, ownerId, applicationId, event.occurredAt],
    );
    await manager.query(
      `UPDATE applications SET decision = jsonb_set(decision, '{documentId}', to_jsonb($2::text)), updated_at = now()
       WHERE id = $1 AND decision IS NOT NULL`,
      [applicationId, documentId],
    );
  }

  /**
   * Drafts are deleted at once; open cases are withdrawn (nobody can answer for them any more); decided
   * and withdrawn cases are kept for APPLICATION_RETENTION_DAYS after their end, then anonymised.
   */
  @OnEvent('identity.account-deleted')
  async accountDeleted(
    event: DomainEvent<'identity.account-deleted'>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId } = event.data;
    await manager.query(`DELETE FROM applications WHERE owner_id = $1 AND status = 'draft'`, [userId]);
    const open = await manager.query<
      { id: string; service_id: string; status: string; reference: string | null }[]
    >(
      `SELECT id, service_id, status, reference FROM applications
       WHERE owner_id = $1 AND status IN ('submitted', 'in_review', 'info_requested') FOR UPDATE`,
      [userId],
    );
    const now = this.clock.now();
    for (const app of open) {
      await manager.query(
        `UPDATE applications SET status = 'withdrawn', decided_at = NULL, updated_at = $2 WHERE id = $1`,
        [app.id, now],
      );
      await manager.query(
        `INSERT INTO application_transitions (id, application_id, at, from_status, to_status, actor_role)
         VALUES ($1, $2, $3, $4, 'withdrawn', 'system')`,
        [uuidv7(), app.id, now, app.status],
      );
      const base = { applicationId: app.id, serviceId: app.service_id, ownerId: userId };
      await this.events.publish(manager, 'application.status-changed', app.id, {
        ...base,
        from: app.status,
        to: 'withdrawn',
        actorRole: 'system',
      });
      await this.events.publish(manager, 'application.withdrawn', app.id, {
        ...base,
        reference: app.reference,
      });
    }
    await manager.query(
      `UPDATE applications SET owner_deleted_at = $2 WHERE owner_id = $1 AND owner_deleted_at IS NULL`,
      [userId, now],
    );
    await manager.query(`DELETE FROM people WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM served_appointments WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM booked_appointments WHERE user_id = $1`, [userId]);
    await this.retention.anonymiseDue(manager, now, this.config.APPLICATION_RETENTION_DAYS);
  }
}
