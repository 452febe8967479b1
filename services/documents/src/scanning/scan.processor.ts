import { closeQuietly, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import { SCAN_QUEUE, type ScanJobData } from '../queues/queue-names';
import { StorageService } from '../storage/storage.service';
import { ClamdClient } from './clamd.client';
import { Clock } from '@buergeramt/platform';

/**
 * Scans uploads with clamd (INSTREAM) when CLAMAV_URL is set: `pending_scan` becomes `clean` or
 * `rejected` (never served). A scan that cannot run (clamd away) is retried with backoff; the document
 * stays `pending_scan` meanwhile. Without CLAMAV_URL no worker runs and uploads are clean at once.
 */
@Injectable()
export class ScanProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Scanning');
  private worker: Worker<ScanJobData> | null = null;
  readonly clamd: ClamdClient | null;

  constructor(
    private readonly config: DocumentsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    this.worker = new Worker<ScanJobData>(SCAN_QUEUE, (job) => this.process(job), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'documents-scan'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 2,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`scan of ${job?.data.documentId ?? '?'} failed: ${error.message}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker) await closeQuietly(this.worker);
  }

  private process(job: Job<ScanJobData>): Promise<string> {
    return this.scan(job.data.documentId);
  }

  /** Scans one document if it is still pending; returns its status afterwards. */
  async scan(documentId: string): Promise<string> {
    if (!this.clamd) throw new Error('no scanner configured');
    const document = await this.dataSource.manager.findOneBy(DocumentEntity, { id: documentId });
    if (!document) return 'gone';
    if (document.status !== 'pending_scan') return document.status;
    const verdict = await this.clamd.scan(await this.storage.get(document.storageKey));
    const status = verdict.clean ? 'clean' : 'rejected';
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        DocumentEntity,
        { id: documentId, status: 'pending_scan' },
        { status, updatedAt: this.clock.now() },
      );
      if (!result.affected) return; // another replica finished first
      await this.audit.record(manager, {
        actor: 'system',
        action: 'document.scanned',
        documentId,
        details: verdict.clean ? { status } : { status, signature: verdict.signature },
      });
      await this.documents.publishStatus(manager, { ...document, status }, null);
    });
    if (!verdict.clean) this.logger.warn(`upload ${documentId} rejected: ${verdict.signature}`);
    return status;
  }
}
