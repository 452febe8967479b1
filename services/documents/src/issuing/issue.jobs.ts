import { OnJob, OutboxPublisher } from '@buergeramt/messaging';
import { Clock } from '@buergeramt/platform';
import { Injectable, Logger } from '@nestjs/common';
import { createHash, sign } from 'node:crypto';
import { Readable } from 'node:stream';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import type { IssueJobData } from '../queues/queue-names';
import { KeyRing } from '../storage/keys';
import { StorageService } from '../storage/storage.service';
import { LetterRenderer } from './letter-renderer';
import { newVerificationCode } from './verification-code';

export const DECISION_LETTER = 'decision-letter';

/**
 * Issues the decision letter of a decided application: a job per application (`{documents.issue}`, job id
 * `issue-<applicationId>`), written by the consumer of application.decided with `outbox.enqueue` in the
 * event's inbox transaction. Renders the PDF, signs its SHA-256 with the Ed25519 key, stores it as the
 * citizen's document (kind "issued") and publishes document.issued in the job's transaction, with the job's
 * inbox record. One letter per application: a unique index makes a second run (another job, two replicas)
 * a no-op. Retried with backoff (8 tries, from 1 s, doubling) when it fails.
 */
@Injectable()
export class IssueJobs {
  private readonly logger = new Logger('Issuing');

  constructor(
    private readonly config: DocumentsConfig,
    private readonly renderer: LetterRenderer,
    private readonly storage: StorageService,
    private readonly keys: KeyRing,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  verifyUrl(code: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/verify/${code}`;
  }

  /** Issues the letter unless it exists, with `manager` (the job's transaction); resolves with its document id. */
  @OnJob('issue', { attempts: 8, backoffMs: 1000 })
  async issue(data: IssueJobData, manager: EntityManager): Promise<string> {
    const existing = await manager.findOneBy(DocumentEntity, {
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
      // a savepoint: a duplicate (another run won) rolls back only this, the job's transaction goes on
      await manager.transaction(async (inner) => {
        await inner.insert(DocumentEntity, document);
        await this.audit.record(inner, {
          actor: 'system',
          action: 'document.issued',
          documentId: id,
          details: { applicationId: data.applicationId, sha256: document.sha256, event: data.eventId },
        });
        await this.outbox.publish(inner, 'document.issued', id, {
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
      const winner = await manager.findOneByOrFail(DocumentEntity, {
        applicationId: data.applicationId,
        kind: 'issued',
      });
      return winner.id;
    }
    this.logger.log(`issued the decision letter of ${data.reference}`);
    return id;
  }
}
