import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MessagingAdmin } from './messaging-admin';
import { MessagingRuntime } from './messaging.runtime';
import { MESSAGING_OPTIONS, type MessagingModuleAsyncOptions, type MessagingModuleOptions } from './options';
import { OutboxPublisher } from './outbox-publisher';

const PROVIDERS: Provider[] = [OutboxPublisher, MessagingAdmin, MessagingRuntime];
const EXPORTS = [OutboxPublisher, MessagingAdmin, MessagingRuntime, MESSAGING_OPTIONS];

/**
 * Transactional outbox, relay and idempotent consumer for one service, on the app's TypeORM DataSource.
 * Global: `OutboxPublisher` and `MessagingAdmin` can be injected anywhere.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, ...PROVIDERS],
      exports: EXPORTS,
    };
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: MESSAGING_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...PROVIDERS,
      ],
      exports: EXPORTS,
    };
  }
}
