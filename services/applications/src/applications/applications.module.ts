import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ApplicationsConsumer } from './applications.consumer';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationAccess } from './application-access';
import { ApplicationsService } from './applications.service';
import { CaseInboxService } from './case-inbox.service';
import { CaseMessagesService } from './case-messages.service';
import { IdempotencyKeys } from './idempotency';
import { RetentionService } from './retention.service';

@Module({
  imports: [CatalogueModule],
  controllers: [ApplicationsController],
  providers: [
    ApplicationsRepository,
    ApplicationsService,
    ApplicationAccess,
    CaseInboxService,
    CaseMessagesService,
    IdempotencyKeys,
    RetentionService,
    ApplicationsConsumer,
  ],
  exports: [ApplicationsRepository, ApplicationsService, RetentionService, IdempotencyKeys],
})
export class ApplicationsModule {}
