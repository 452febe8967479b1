import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { AuditEntryEntity, platformImports, type CreateAppOptions } from '@buergeramt/platform';
import { AuditModule } from './audit/audit.service';
import { ApplicationCaseEntity, ApplicationDocumentEntity } from './cases/case.entities';
import { CasesConsumer } from './cases/cases.consumer';
import type { DocumentsConfig } from './config';
import { DocumentEntity } from './documents/document.entity';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { IssueJobs } from './issuing/issue.jobs';
import { LetterRenderer } from './issuing/letter-renderer';
import { VerifyController } from './issuing/verify.controller';
import { VerifyService } from './issuing/verify.service';
import { migrations } from './migrations';
import { RetentionProcessor } from './retention/retention.processor';
import { RetentionService } from './retention/retention.service';
import { ScanJobs } from './scanning/scan.jobs';
import { Scanner } from './scanning/scanner';
import { SeedService } from './seed/seed.service';
import { StorageModule } from './storage/storage.module';
import { MultipartRegistrar } from './uploads/multipart';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: documents',
  description: 'Uploads, storage, virus scanning, issued PDFs with verification, retention.',
};

export const DOCUMENTS_ENTITIES = [
  DocumentEntity,
  ApplicationCaseEntity,
  ApplicationDocumentEntity,
  AuditEntryEntity,
];

/** Uploads, downloads, scanning, issuing, verification and retention of documents. */
@Module({
  controllers: [DocumentsController, VerifyController],
  providers: [
    MultipartRegistrar,
    DocumentsRepository,
    DocumentsService,
    Scanner,
    CasesConsumer,
    LetterRenderer,
    IssueJobs,
    VerifyService,
    RetentionService,
    RetentionProcessor,
    SeedService,
  ],
  exports: [DocumentsService, RetentionService, Scanner, IssueJobs],
})
export class DocumentsModule {}

@Module({})
export class AppModule {
  static register(config: DocumentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('documents', config, {
          entities: [...MESSAGING_ENTITIES, ...DOCUMENTS_ENTITIES],
          migrations,
        }),
        MessagingModule.forRoot({
          service: 'documents',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
          // two scans and two letters at a time per replica, as the hand-built workers ran them
          jobs: { queues: { scan: { concurrency: 2 }, issue: { concurrency: 2 } } },
        }),
        AuditModule,
        StorageModule,
        DocumentsModule,
      ],
      // the scan jobs' handler only where scanning is configured: without CLAMAV_URL no worker runs
      providers: config.CLAMAV_URL ? [ScanJobs] : [],
    };
  }
}
