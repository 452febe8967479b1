import { Clock } from '@buergeramt/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import { StorageService } from '../storage/storage.service';
import { ClamdClient } from './clamd.client';

/**
 * Scans uploads with clamd (INSTREAM) when CLAMAV_URL is set: `pending_scan` becomes `clean` or
 * `rejected` (never served). The scans run as jobs (`ScanJobs`, registered only with CLAMAV_URL); without
 * it uploads are clean at once, and this says so at start.
 */
@Injectable()
export class Scanner implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scanning');
  readonly clamd: ClamdClient | null;

  constructor(
    private readonly config: DocumentsConfig,
    private readonly storage: StorageService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.clamd = config.CLAMAV_URL ? new ClamdClient(config.CLAMAV_URL, config.CLAMAV_TIMEOUT_MS) : null;
  }

  onApplicationBootstrap(): void {
    if (!this.clamd) {
      this.logger.warn(
        'CLAMAV_URL is not set: uploads are NOT scanned for malware; they are clean once their type is checked.',
      );
      return;
    }
    this.logger.log(`scanning every upload with clamd at ${this.config.CLAMAV_URL}`);
  }

  /**
   * Scans one document if it is still pending and writes the verdict with `manager` (the job's
   * transaction): the status, an audit entry and `document.status-changed`. Returns the status afterwards.
   */
  async scan(documentId: string, manager: EntityManager): Promise<string> {
    if (!this.clamd) throw new Error('no scanner configured');
    const document = await manager.findOneBy(DocumentEntity, { id: documentId });
    if (!document) return 'gone';
    if (document.status !== 'pending_scan') return document.status;
    const verdict = await this.clamd.scan(await this.storage.get(document.storageKey));
    const status = verdict.clean ? 'clean' : 'rejected';
    const result = await manager.update(
      DocumentEntity,
      { id: documentId, status: 'pending_scan' },
      { status, updatedAt: this.clock.now() },
    );
    if (!result.affected) return status; // another run finished first (or the upload was deleted)
    await this.audit.record(manager, {
      actor: 'system',
      action: 'document.scanned',
      documentId,
      details: verdict.clean ? { status } : { status, signature: verdict.signature },
    });
    await this.documents.publishStatus(manager, { ...document, status }, null);
    if (!verdict.clean) this.logger.warn(`upload ${documentId} rejected: ${verdict.signature}`);
    return status;
  }
}
