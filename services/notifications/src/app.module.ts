import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions } from '@buergeramt/platform';
import { AccountsModule } from './accounts/accounts.module';
import { ApplicationsModule } from './applications/applications.module';
import { AppointmentsModule } from './appointments/appointments.module';
import type { NotificationsConfig } from './config';
import { DeliveriesAdminModule } from './deliveries/deliveries-admin.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { InboxModule } from './inbox/inbox.module';
import { MailModule } from './mail/mail.module';
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
        // each feature module registers its own entities (TypeOrmModule.forFeature); messaging's are added here
        ...platformImports('notifications', config, {
          entities: [...MESSAGING_ENTITIES],
          autoLoadEntities: true,
          migrations,
        }),
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
              reminders: { concurrency: 2 },
            },
          },
        }),
        // the event consumers (each imports the features it drives) …
        AccountsModule,
        AppointmentsModule,
        ApplicationsModule,
        // … the APIs, the mail job's handler and the upkeep
        InboxModule,
        PreferencesModule,
        DeliveriesAdminModule,
        MailModule,
        HousekeepingModule,
      ],
    };
  }
}
