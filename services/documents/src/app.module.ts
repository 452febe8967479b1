import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions } from '@buergeramt/platform';
import type { DocumentsConfig } from './config';
import { migrations } from './migrations';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: documents',
  description: 'Uploads, storage, virus scanning, issued PDFs with verification, retention.',
};

@Module({})
export class AppModule {
  static register(config: DocumentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('documents', config, { entities: [...MESSAGING_ENTITIES], migrations }),
        MessagingModule.forRoot({
          service: 'documents',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
        }),
      ],
    };
  }
}
