import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import { StorageService } from '../storage/storage.service';
import { Clock } from '@buergeramt/platform';

/** The demo citizen of identity's seed (fixed id, identity README). */
export const DEMO_CITIZEN_ID = '0195a000-0000-7000-8000-000000000001';
export const DEMO_DOCUMENT_ID = '0195a000-0000-7000-8000-0000000d0c01';

/** DEMO_SEED=true: one demo upload for the demo citizen, created once (marked `demo`). */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Documents');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: DocumentsConfig,
    private readonly storage: StorageService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_SEED) await this.seed();
  }

  /** Creates the demo document unless it exists; resolves whether it did. */
  async seed(): Promise<boolean> {
    const pdf = await demoPdf();
    const storageKey = `uploads/${DEMO_DOCUMENT_ID}`;
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['documents:seed']);
      if (await manager.findOneBy(DocumentEntity, { id: DEMO_DOCUMENT_ID })) return false;
      const { keyId } = await this.storage.put(storageKey, Readable.from([pdf]));
      const now = this.clock.now();
      const document = Object.assign(new DocumentEntity(), {
        id: DEMO_DOCUMENT_ID,
        ownerId: DEMO_CITIZEN_ID,
        kind: 'upload',
        filename: 'Demo-Nachweis.pdf',
        mediaType: 'application/pdf',
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        status: 'clean',
        storageKey,
        keyId,
        applicationId: null,
        verificationCode: null,
        signature: null,
        signingKeyId: null,
        documentType: null,
        demo: true,
        ownerDeletedAt: null,
        createdAt: now,
        updatedAt: now,
      } satisfies DocumentEntity);
      await manager.insert(DocumentEntity, document);
      await this.audit.record(manager, { actor: 'system', action: 'demo.seeded', documentId: document.id });
      await this.documents.publishStatus(manager, document, null);
      return true;
    });
    if (created)
      this.logger.warn('DEMO_SEED: created a demo document for the demo citizen; never in production');
    return created;
  }
}

async function demoPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595.28, 841.89]);
  page.drawText('DEMO - Beispielnachweis (keine echten Daten)', { x: 60, y: 760, size: 14, font });
  pdf.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  return Buffer.from(await pdf.save());
}
