import type { DomainEvent } from '@buergeramt/contracts';
import { SUBSCRIPTIONS } from '@buergeramt/contracts';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { EventConsumer, type EventHandlerRegistration } from '../consumer';
import { OutboxRelay } from '../relay';
import { MessagingAdmin } from './messaging-admin';
import { getOnEventMetadata } from './on-event.decorator';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './options';

/**
 * Starts the outbox relay and the event consumer when the application has bootstrapped, with the
 * `@OnEvent` handlers found among the providers, and stops both (waiting for running work) before the
 * application shuts down, i.e. before the DataSource is closed.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private outboxRelay: OutboxRelay | null = null;
  private eventConsumer: EventConsumer | null = null;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
    private readonly admin: MessagingAdmin,
  ) {}

  /** the running relay, null when disabled or not started */
  get relay(): OutboxRelay | null {
    return this.outboxRelay;
  }

  /** the running consumer, null when disabled, not needed or not started */
  get consumer(): EventConsumer | null {
    return this.eventConsumer;
  }

  onApplicationBootstrap(): void {
    const dataSource = this.moduleRef.get<DataSource>(getDataSourceToken(this.options.dataSourceName), {
      strict: false,
    });
    const handlers = this.discoverHandlers();
    const { service, redisUrl, queuePrefix } = this.options;

    if (
      this.options.consumer?.enabled !== false &&
      (SUBSCRIPTIONS[service].length > 0 || handlers.length > 0)
    ) {
      const { attempts, backoffMs, maxBackoffMs, concurrency } = this.options.consumer ?? {};
      this.eventConsumer = new EventConsumer({
        dataSource,
        service,
        redisUrl,
        queuePrefix,
        handlers,
        attempts,
        backoffMs,
        maxBackoffMs,
        concurrency,
      });
      this.eventConsumer.start();
      this.logger.log(`consuming ${this.eventConsumer.queueName} (${handlers.length} handler(s))`);
    }
    if (this.options.relay?.enabled !== false) {
      this.outboxRelay = new OutboxRelay({ dataSource, redisUrl, queuePrefix, ...this.options.relay });
      this.outboxRelay.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const relay = this.outboxRelay;
    const consumer = this.eventConsumer;
    this.outboxRelay = null;
    this.eventConsumer = null;
    await Promise.all([relay?.stop(), consumer?.stop(), this.admin.close()]);
  }

  private discoverHandlers(): EventHandlerRegistration[] {
    const registrations: EventHandlerRegistration[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const metadata = getOnEventMetadata(prototype[methodName]);
        if (metadata.length === 0) continue;
        const className = instance.constructor.name;
        if (!wrapper.isDependencyTreeStatic()) {
          throw new Error(`@OnEvent handler ${className}.${methodName} must live in a singleton provider`);
        }
        const method = (instance as Record<string, (e: DomainEvent, m: EntityManager) => Promise<unknown>>)[
          methodName
        ];
        for (const { type, consumer } of metadata) {
          registrations.push({
            type,
            consumer: consumer ?? `${className}.${methodName}`,
            handle: (event, manager) => method.call(instance, event, manager),
          });
        }
      }
    }
    return registrations;
  }
}
