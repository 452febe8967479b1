import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions } from '@buergeramt/platform';
import { AccountsModule } from './accounts/accounts.module';
import { ApplicationsModule } from './applications/applications.module';
import { AppointmentsModule } from './appointments/appointments.module';
import type { NotificationsConfig } from './config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { ENTITIES } from './entities';
import { InboxModule } from './inbox/inbox.module';
import { migrations } from './migrations';
import { PreferencesModule } from './preferences/preferences.module';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: notifications',
  description:
    'E-mails and the in-app inbox, templates in German and English, preferences, delivery log, reminders.',
};

@Module({})
export class AppModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('notifications', config, { entities: ENTITIES, migrations }),
        MessagingModule.forRoot({
          service: 'notifications',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
          consumer: { concurrency: config.EVENT_CONCURRENCY },
          jobs: {
            queues: {
              mail: {
                concurrency: config.MAIL_CONCURRENCY,
                rateLimit: { max: config.MAIL_RATE_PER_MINUTE, durationMs: 60_000 },
              },
            },
          },
        }),
        AccountsModule,
        AppointmentsModule,
        ApplicationsModule,
        InboxModule,
        PreferencesModule,
        DeliveriesModule,
      ],
    };
  }
}
