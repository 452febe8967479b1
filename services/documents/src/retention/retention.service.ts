import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import { StorageService } from '../storage/storage.service';
import { Clock } from '@buergeramt/platform';

const BATCH = 100;
const DAY_MS = 24 * 3600_000;

/**
 * Deletes what is due, per kind (RETENTION_* days): uploads after the last application they belong to
 * closed, uploads never submitted after a while, rejected uploads soon, issued documents after the legal
 * period, and every upload of a deleted account at once. Storage first, metadata after: a run that dies
 * between the two leaves a row whose file is gone, and the next run deletes it again (deleting a missing
 * file succeeds). Rows are claimed with FOR UPDATE SKIP LOCKED, so two replicas never work on the same one.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: DocumentsConfig,
    private readonly storage: StorageService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** One run; resolves with the number of documents erased. `now` is for tests. */
  async run(now: Date = this.clock.now()): Promise<number> {
    let erased = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const due = await this.claimDue(manager, now);
        for (const document of due) {
          await this.storage.delete(document.storageKey);
          await this.documents.removeRow(manager, document, 'system', 'document.erased', null, {
            reason: 'retention',
          });
        }
        return due.length;
      });
      erased += count;
      if (count < BATCH) break;
    }
    if (erased > 0) this.logger.log(`retention erased ${erased} document(s)`);
    await this.requeuePendingScans(now);
    return erased;
  }

  private async claimDue(manager: EntityManager, now: Date): Promise<DocumentEntity[]> {
    const day = (days: number): Date => new Date(now.getTime() - days * DAY_MS);
    const ids: { id: string }[] = await manager.query(
      `SELECT d.id FROM documents d
        WHERE (d.kind = 'issued' AND d.created_at <= $1)
           OR (d.kind = 'upload' AND d.status = 'rejected' AND d.created_at <= $2)
           OR (d.kind = 'upload' AND d.owner_deleted_at IS NOT NULL)
           OR (d.kind = 'upload' AND d.created_at <= $3 AND NOT EXISTS (
                 SELECT 1 FROM application_documents l JOIN applications a ON a.id = l.application_id
                  WHERE l.document_id = d.id AND a.submitted_at IS NOT NULL))
           OR (d.kind = 'upload' AND EXISTS (
                 SELECT 1 FROM application_documents l JOIN applications a ON a.id = l.application_id
                  WHERE l.document_id = d.id AND a.submitted_at IS NOT NULL)
               AND NOT EXISTS (
                 SELECT 1 FROM application_documents l JOIN applications a ON a.id = l.application_id
                  WHERE l.document_id = d.id AND a.submitted_at IS NOT NULL
                    AND (a.closed_at IS NULL OR a.closed_at > $4)))
        ORDER BY d.id
        LIMIT ${BATCH}
        FOR UPDATE OF d SKIP LOCKED`,
      [
        day(this.config.RETENTION_ISSUED_DAYS),
        day(this.config.RETENTION_REJECTED_DAYS),
        day(this.config.RETENTION_UNATTACHED_DAYS),
        day(this.config.RETENTION_UPLOAD_DAYS),
      ],
    );
    if (ids.length === 0) return [];
    return manager.findBy(DocumentEntity, { id: In(ids.map((row) => row.id)) });
  }

  /**
   * Uploads left pending are queued again (their scan job was lost after the relay handed it over, e.g. a
   * Redis without persistence restarted); a job still in the queue keeps it, as its id is the same.
   */
  private async requeuePendingScans(now: Date): Promise<void> {
    if (!this.documents.scanning) return;
    await this.dataSource.transaction(async (manager) => {
      const stale: { id: string }[] = await manager.query(
        `SELECT id FROM documents WHERE status = 'pending_scan' AND created_at <= $1 ORDER BY id LIMIT 1000`,
        [new Date(now.getTime() - 60_000)],
      );
      for (const { id } of stale) await this.documents.enqueueScan(manager, id);
    });
  }

  /**
   * Account deleted: the person's uploads are erased now (storage, then rows); issued documents stay
   * only for the legal retention period (RETENTION_ISSUED_DAYS after issue), without an owner, and are
   * erased by the retention run after it. The application read model forgets the person.
   */
  @OnEvent('identity.account-deleted')
  async accountDeleted(
    event: DomainEvent<'identity.account-deleted'>,
    manager: EntityManager,
  ): Promise<void> {
    const userId = event.data.userId;
    const now = this.clock.now();
    const owned = await manager.find(DocumentEntity, {
      where: { ownerId: userId },
      lock: { mode: 'pessimistic_write' },
    });
    for (const document of owned) {
      if (document.kind === 'upload') {
        await this.storage.delete(document.storageKey);
        await this.documents.removeRow(manager, document, 'system', 'document.erased', event.traceId, {
          reason: 'account-deleted',
        });
      } else {
        await manager.update(
          DocumentEntity,
          { id: document.id },
          { ownerId: null, ownerDeletedAt: now, updatedAt: now },
        );
        await this.audit.record(manager, {
          actor: 'system',
          action: 'document.owner-deleted',
          documentId: document.id,
          details: { reason: 'account-deleted', keptUntilDaysAfterIssue: this.config.RETENTION_ISSUED_DAYS },
          requestId: event.traceId,
        });
      }
    }
    await manager.query('UPDATE applications SET owner_id = NULL WHERE owner_id = $1', [userId]);
  }
}
