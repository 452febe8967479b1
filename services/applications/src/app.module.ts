import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { AuditEntryEntity, platformImports, type CreateAppOptions } from '@buergeramt/platform';
import { ApplicationEntity, MessageEntity, TransitionEntity } from './applications/applications.entities';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.service';
import { FormEntity, ServiceEntity } from './catalogue/catalogue.entities';
import { CatalogueModule } from './catalogue/catalogue.module';
import type { ApplicationsConfig } from './config';
import { FeedbackModule } from './feedback/feedback.module';
import { HousekeepingModule } from './housekeeping/housekeeping.processor';
import { migrations } from './migrations';
import { ReadModelsModule } from './read-models/read-models.module';
import { SeedModule } from './seed/seed.service';
import { StatsModule } from './stats/stats.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: applications',
  description:
    'Service catalogue, online forms, applications and their workflow, case messages, webhooks, feedback.',
};

export const APPLICATIONS_ENTITIES = [
  AuditEntryEntity,
  ServiceEntity,
  FormEntity,
  ApplicationEntity,
  TransitionEntity,
  MessageEntity,
];

@Module({})
export class AppModule {
  static register(config: ApplicationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('applications', config, {
          entities: [...MESSAGING_ENTITIES, ...APPLICATIONS_ENTITIES],
          migrations,
        }),
        MessagingModule.forRoot({
          service: 'applications',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
        }),
        AuditModule,
        WebhooksModule,
        CatalogueModule,
        ApplicationsModule,
        ReadModelsModule,
        StatsModule,
        FeedbackModule,
        HousekeepingModule,
        SeedModule,
      ],
    };
  }
}
