import type { DomainEvent } from '@buergeramt/contracts';
import { jobQueueName, SUBSCRIPTIONS } from '@buergeramt/contracts';
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
import { JobConsumer, type JobHandlerRegistration } from '../job-consumer';
import { OutboxRelay } from '../relay';
import { ScheduledJob } from '../scheduled-job';
import { MessagingAdmin } from './messaging-admin';
import { getOnEventMetadata } from './on-event.decorator';
import { getOnJobMetadata, type OnJobOptions } from './on-job.decorator';
import { getRepeatMetadata } from './repeat.decorator';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './options';

/**
 * Starts the outbox relay, the event consumer with the `@OnEvent` handlers found among the providers, one
 * job consumer per queue with `@OnJob` handlers, and the `@Repeat` jobs when the application has
 * bootstrapped, and stops them all (waiting for running work) before the application shuts down, i.e.
 * before the DataSource is closed.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private outboxRelay: OutboxRelay | null = null;
  private eventConsumer: EventConsumer | null = null;
  private repeated: ScheduledJob[] = [];
  private jobConsumers: JobConsumer[] = [];

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
    const jobHandlers = this.discoverJobHandlers();
    const repeatedQueues = new Set(this.repeatQueues());
    for (const handler of jobHandlers) {
      if (repeatedQueues.has(handler.queue)) {
        throw new Error(`queue "${handler.queue}" has @Repeat and @OnJob handlers: give each its own queue`);
      }
    }
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
      this.outboxRelay = new OutboxRelay({
        dataSource,
        service,
        redisUrl,
        queuePrefix,
        ...this.options.relay,
      });
      this.outboxRelay.start();
    }
    if (this.options.jobs?.enabled !== false) {
      this.jobConsumers = this.startJobConsumers(dataSource, jobHandlers);
    }
    this.repeated = this.startRepeats();
  }

  /** the job queues consumed in this process (their purposes) */
  get jobQueues(): string[] {
    return this.jobConsumers.map((consumer) => consumer.queue);
  }

  /** the consumer of one of the service's job queues, if this process runs one */
  jobConsumer(queue: string): JobConsumer | undefined {
    return this.jobConsumers.find((consumer) => consumer.queue === queue);
  }

  /** the names of the `@Repeat` jobs running in this process */
  get repeats(): string[] {
    return this.repeated.map((job) => job.name);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const relay = this.outboxRelay;
    const consumer = this.eventConsumer;
    const repeated = this.repeated;
    const jobConsumers = this.jobConsumers;
    this.outboxRelay = null;
    this.eventConsumer = null;
    this.repeated = [];
    this.jobConsumers = [];
    await Promise.all([
      relay?.stop(),
      consumer?.stop(),
      ...jobConsumers.map((jobs) => jobs.stop()),
      ...repeated.map((job) => job.close()),
      this.admin.close(),
    ]);
  }

  /** The provider methods marked `@Repeat`, each as a job of its own: every instance of a singleton. */
  private startRepeats(): ScheduledJob[] {
    const { service, redisUrl, queuePrefix } = this.options;
    const jobs: ScheduledJob[] = [];
    this.forEachMethod(getRepeatMetadata, 'Repeat', (instance, methodName, options) => {
      const method = methodOf<() => Promise<unknown>>(instance, methodName);
      const everyMs = typeof options.every === 'function' ? options.every(instance) : options.every;
      const logger = new Logger(instance.constructor.name);
      jobs.push(
        new ScheduledJob({
          redisUrl,
          prefix: queuePrefix,
          queueName: jobQueueName(service, options.queue as never),
          schedulerId: options.schedulerId,
          jobName: options.name,
          everyMs,
          run: () => method.call(instance),
          warn: (message) => logger.warn(message),
          replaces: (options.replaces ?? []).map((old) => ({
            queueName: jobQueueName(service, old.queue as never),
            schedulerId: old.schedulerId,
          })),
        }),
      );
    });
    return jobs;
  }

  private repeatQueues(): string[] {
    const queues: string[] = [];
    this.forEachMethod(getRepeatMetadata, 'Repeat', (_instance, _methodName, options) => {
      queues.push(options.queue);
    });
    return queues;
  }

  /** One consumer per queue that has `@OnJob` handlers, each with the queue's settings. */
  private startJobConsumers(dataSource: DataSource, handlers: JobHandlerRegistration[]): JobConsumer[] {
    const { service, redisUrl, queuePrefix } = this.options;
    const jobs = this.options.jobs ?? {};
    const byQueue = new Map<string, JobHandlerRegistration[]>();
    for (const handler of handlers)
      byQueue.set(handler.queue, [...(byQueue.get(handler.queue) ?? []), handler]);
    const consumers: JobConsumer[] = [];
    for (const [queue, list] of byQueue) {
      const settings = jobs.queues?.[queue as keyof typeof jobs.queues] ?? {};
      const consumer = new JobConsumer({
        dataSource,
        service,
        queue: queue as JobHandlerRegistration['queue'],
        redisUrl,
        queuePrefix,
        handlers: list,
        concurrency: settings.concurrency ?? jobs.concurrency,
        rateLimit: settings.rateLimit,
        lockDurationMs: jobs.lockDurationMs,
        stalledIntervalMs: jobs.stalledIntervalMs,
      });
      consumer.start();
      this.logger.log(`consuming ${consumer.queueName} (${list.length} handler(s))`);
      consumers.push(consumer);
    }
    return consumers;
  }

  /** The provider methods marked `@OnJob`, with their attempts and backoff read from their providers. */
  private discoverJobHandlers(): JobHandlerRegistration[] {
    const jobs = this.options.jobs ?? {};
    const registrations: JobHandlerRegistration[] = [];
    this.forEachMethod(
      (method) => {
        const metadata = getOnJobMetadata(method);
        return metadata.length > 0 ? metadata : undefined;
      },
      'OnJob',
      (instance, methodName, metadata) => {
        const method = methodOf<(data: unknown, m: EntityManager, job: unknown) => Promise<unknown>>(
          instance,
          methodName,
        );
        const read = (value: OnJobOptions[keyof OnJobOptions], fallback: number): number => {
          if (typeof value === 'function') return value(instance);
          return typeof value === 'number' ? value : fallback;
        };
        for (const { queue, name, options } of metadata) {
          // refuses at start a queue that is not one of this service's in JOB_QUEUES
          jobQueueName(this.options.service, queue as never);
          registrations.push({
            queue,
            name,
            consumer: options.consumer ?? `${instance.constructor.name}.${methodName}`,
            attempts: read(options.attempts, jobs.attempts ?? 8),
            backoffMs: read(options.backoffMs, jobs.backoffMs ?? 1000),
            maxBackoffMs: read(options.maxBackoffMs, jobs.maxBackoffMs ?? 3600_000),
            handle: (data, manager, job) => method.call(instance, data, manager, job),
          });
        }
      },
    );
    return registrations;
  }

  /** Calls `found` for every method of a singleton provider that carries the metadata `read` finds. */
  private forEachMethod<M>(
    read: (method: unknown) => M | undefined,
    decorator: string,
    found: (instance: object, methodName: string, metadata: M) => void,
  ): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const metadata = read(prototype[methodName]);
        if (metadata === undefined) continue;
        if (!wrapper.isDependencyTreeStatic()) {
          throw new Error(
            `@${decorator} ${instance.constructor.name}.${methodName} must live in a singleton provider`,
          );
        }
        found(instance, methodName, metadata);
      }
    }
  }

  private discoverHandlers(): EventHandlerRegistration[] {
    const registrations: EventHandlerRegistration[] = [];
    const onEvent = (method: unknown) => {
      const metadata = getOnEventMetadata(method);
      return metadata.length > 0 ? metadata : undefined;
    };
    this.forEachMethod(onEvent, 'OnEvent', (instance, methodName, metadata) => {
      const method = methodOf<(e: DomainEvent, m: EntityManager) => Promise<unknown>>(instance, methodName);
      for (const { type, consumer } of metadata) {
        registrations.push({
          type,
          consumer: consumer ?? `${instance.constructor.name}.${methodName}`,
          handle: (event, manager) => method.call(instance, event, manager),
        });
      }
    });
    return registrations;
  }
}

/** The method `methodName` of a provider, which `forEachMethod` found decorated on its prototype. */
function methodOf<M>(instance: object, methodName: string): M {
  const method = (instance as Record<string, unknown>)[methodName];
  if (typeof method !== 'function') {
    throw new Error(
      `${instance.constructor.name}.${methodName} is decorated but is not a method of the provider`,
    );
  }
  return method as M;
}
