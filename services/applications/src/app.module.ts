import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions } from '@buergeramt/platform';
import type { ApplicationsConfig } from './config';
import { migrations } from './migrations';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: applications',
  description:
    'Service catalogue, online forms, applications and their workflow, case messages, webhooks, feedback.',
};

@Module({})
export class AppModule {
  static register(config: ApplicationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('applications', config, { entities: [...MESSAGING_ENTITIES], migrations }),
        MessagingModule.forRoot({
          service: 'applications',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
        }),
      ],
    };
  }
}
