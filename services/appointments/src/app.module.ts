import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions } from '@buergeramt/platform';
import type { AppointmentsConfig } from './config';
import { migrations } from './migrations';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: appointments',
  description: 'Locations, opening hours, slots and bookings, walk-in tickets and the call-up display.',
};

@Module({})
export class AppModule {
  static register(config: AppointmentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('appointments', config, { entities: [...MESSAGING_ENTITIES], migrations }),
        MessagingModule.forRoot({
          service: 'appointments',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
        }),
      ],
    };
  }
}
