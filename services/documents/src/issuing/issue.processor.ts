import { closeQuietly, OutboxPublisher, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import { createHash, sign } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, QueryFailedError } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import type { IssueJobData } from '../queues/job-queues';
import { ISSUE_QUEUE } from '../queues/queue-names';
import { KeyRing } from '../storage/keys';
import { StorageService } from '../storage/storage.service';
import { LetterRenderer } from './letter-renderer';
import { newVerificationCode } from './verification-code';
import { Clock } from '@buergeramt/platform';

export const DECISION_LETTER = 'decision-letter';

/**
 * Issues the decision letter of a decided application (a job per application, queued by the consumer of
 * application.decided): renders the PDF, signs its SHA-256 with the Ed25519 key, stores it as the
 * citizen's document (kind "issued") and publishes document.issued in the same transaction as the row.
 * One letter per application: a unique index makes a second run (redelivery, two replicas) a no-op.
 */
@Injectable()
export class IssueProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Issuing');
  private worker: Worker<IssueJobData> | null = null;

  constructor(
    private readonly config: DocumentsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: LetterRenderer,
    private readonly storage: StorageService,
    private readonly keys: KeyRing,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<IssueJobData>(ISSUE_QUEUE, (job: Job<IssueJobData>) => this.issue(job.data), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'documents-issue'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 2,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`decision letter of ${job?.data.applicationId ?? '?'} failed: ${error.message}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker) await closeQuietly(this.worker);
  }

  verifyUrl(code: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/verify/${code}`;
  }

  /** Issues the letter unless it exists; resolves with the document id. */
  async issue(data: IssueJobData): Promise<string> {
    const existing = await this.dataSource.manager.findOneBy(DocumentEntity, {
      applicationId: data.applicationId,
      kind: 'issued',
    });
    if (existing) return existing.id;

    const id = uuidv7();
    const code = newVerificationCode();
    const pdf = await this.renderer.render({
      cityName: this.config.CITY_NAME,
      letterhead: this.config.CITY_LETTERHEAD.split('|')
        .map((s) => s.trim())
        .filter(Boolean),
      reference: data.reference,
      serviceName: data.serviceName.de,
      applicant: data.applicant,
      outcome: data.outcome,
      reason: data.reason,
      decidedAt: new Date(data.decidedAt),
      decidedByRole: data.decidedByRole,
      verificationCode: code,
      verifyUrl: this.verifyUrl(code),
    });
    const digest = createHash('sha256').update(pdf).digest();
    const signature = sign(null, digest, this.keys.signingKey).toString('base64');
    const storageKey = `issued/${id}`;
    const { keyId } = await this.storage.put(storageKey, Readable.from([pdf]));
    const now = this.clock.now();
    const document = Object.assign(new DocumentEntity(), {
      id,
      ownerId: data.ownerId,
      kind: 'issued',
      filename: `Bescheid-${data.reference.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`,
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: digest.toString('hex'),
      status: 'clean',
      storageKey,
      keyId,
      applicationId: data.applicationId,
      verificationCode: code,
      signature,
      signingKeyId: this.keys.signingKeyId,
      documentType: DECISION_LETTER,
      demo: false,
      ownerDeletedAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies DocumentEntity);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(DocumentEntity, document);
        await this.audit.record(manager, {
          actor: 'system',
          action: 'document.issued',
          documentId: id,
          details: { applicationId: data.applicationId, sha256: document.sha256, event: data.eventId },
        });
        await this.outbox.publish(manager, 'document.issued', id, {
          documentId: id,
          ownerId: data.ownerId,
          applicationId: data.applicationId,
          verificationCode: code,
          sha256: document.sha256,
        });
      });
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      const duplicate = error instanceof QueryFailedError && (error as { code?: string }).code === '23505';
      if (!duplicate) throw error;
      const winner = await this.dataSource.manager.findOneByOrFail(DocumentEntity, {
        applicationId: data.applicationId,
        kind: 'issued',
      });
      return winner.id;
    }
    this.logger.log(`issued the decision letter of ${data.reference}`);
    return id;
  }
}
