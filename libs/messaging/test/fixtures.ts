import { ALL_SERVICES, type DomainEvent, eventQueueName, type ServiceName } from '@buergeramt/contracts';
import {
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessagingModule,
  type MessagingModuleOptions,
  OnEvent,
  OutboxPublisher,
} from '../src';
import {
  bootTestApp,
  cleanupQueuePrefix,
  createTestSchema,
  TcpProxy,
  type TestApp,
  type TestSchema,
  testRedis,
  uniqueQueuePrefix,
} from '@buergeramt/testing';
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import {
  Column,
  DataSource,
  Entity,
  type EntityManager,
  type MigrationInterface,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type QueryRunner,
} from 'typeorm';

// ---------------------------------------------------------------- publisher side: "identity"

@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  email!: string;
}

export class AccountsTable1764000000001 implements MigrationInterface {
  name = 'AccountsTable1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(
      `CREATE TABLE "${schema}"."accounts" ("id" uuid PRIMARY KEY, "email" text NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`DROP TABLE "${schema}"."accounts"`);
  }
}

@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  async create(id: string): Promise<void> {
    await this.dataSource.getRepository(AccountEntity).insert({ id, email: `${id}@example.org` });
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(AccountEntity).existsBy({ id });
  }

  /** deletes the account and reports it, in one transaction; `failAfterPublish` makes it roll back */
  async delete(
    id: string,
    options: { failAfterPublish?: boolean } = {},
  ): Promise<DomainEvent<'identity.account-deleted'>> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(AccountEntity, { id });
      if (result.affected !== 1) throw new Error(`no account ${id}`);
      const event = await this.outbox.publish(
        manager,
        'identity.account-deleted',
        id,
        { userId: id },
        {
          traceId: `trace-${id}`,
        },
      );
      if (options.failAfterPublish) throw new Error('something after the publish failed');
      return event;
    });
  }
}

// ---------------------------------------------------------------- consumer side: "notifications"

/** The handler's side effect. Deliberately without a unique constraint: only the inbox prevents doubles. */
@Entity({ name: 'forgotten_users' })
export class ForgottenUserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'user_id' })
  userId!: string;
}

export class ForgottenUsersTable1764000000001 implements MigrationInterface {
  name = 'ForgottenUsersTable1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(
      `CREATE TABLE "${schema}"."forgotten_users" ("id" serial PRIMARY KEY, "event_id" uuid NOT NULL, "user_id" text NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`DROP TABLE "${schema}"."forgotten_users"`);
  }
}

@Injectable()
export class AccountDeletedHandler {
  /** user id -> times the handler ran (including failed runs) */
  readonly calls = new Map<string, number[]>();
  /** user id -> how many more runs fail ('always' for all) */
  readonly failures = new Map<string, number | 'always'>();

  @OnEvent('identity.account-deleted')
  async forget(event: DomainEvent<'identity.account-deleted'>, manager: EntityManager): Promise<void> {
    const { userId } = event.data;
    this.calls.set(userId, [...(this.calls.get(userId) ?? []), Date.now()]);
    // written before a possible failure: a failed run must leave nothing behind
    await manager.insert(ForgottenUserEntity, { eventId: event.id, userId });
    const failing = this.failures.get(userId);
    if (failing === 'always' || (typeof failing === 'number' && failing > 0)) {
      if (typeof failing === 'number') this.failures.set(userId, failing - 1);
      throw new Error(`cannot forget ${userId}`);
    }
  }

  callCount(userId: string): number {
    return this.calls.get(userId)?.length ?? 0;
  }
}

// ---------------------------------------------------------------- the two apps

interface AppConfig {
  url: string;
  schema: string;
  messaging: MessagingModuleOptions;
}

function typeOrm(config: AppConfig, entities: unknown[], migrations: unknown[]): DynamicModule {
  return TypeOrmModule.forRoot({
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    entities: entities as Function[],
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    migrations: migrations as Function[],
    migrationsRun: true,
    synchronize: false,
    logging: false,
    extra: { max: 5 },
  });
}

@Module({})
export class IdentityTestModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: IdentityTestModule,
      imports: [
        typeOrm(
          config,
          [...MESSAGING_ENTITIES, AccountEntity],
          [...MESSAGING_MIGRATIONS, AccountsTable1764000000001],
        ),
        MessagingModule.forRoot(config.messaging),
      ],
      providers: [AccountService],
    };
  }
}

@Module({})
export class NotificationsTestModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: NotificationsTestModule,
      imports: [
        typeOrm(
          config,
          [...MESSAGING_ENTITIES, ForgottenUserEntity],
          [...MESSAGING_MIGRATIONS, ForgottenUsersTable1764000000001],
        ),
        // the async variant, as a service reading its configuration from a config provider would use it
        MessagingModule.forRootAsync({ useFactory: () => Promise.resolve(config.messaging) }),
      ],
      providers: [AccountDeletedHandler],
    };
  }
}

export interface Harness {
  redisUrl: string;
  queuePrefix: string;
  /** Redis as both apps see it: cut it to take Redis away from them */
  proxy: TcpProxy;
  identity: TestApp;
  notifications: TestApp;
  identityDb: DataSource;
  notificationsDb: DataSource;
  /** every service's event queue, connected directly (not through the proxy), for inspection */
  queues: Record<ServiceName, Queue>;
  close(): Promise<void>;
}

export const CONSUMER_ATTEMPTS = 3;
export const CONSUMER_BACKOFF_MS = 100;

/** Boots "identity" (publisher) and "notifications" (consumer), each in its own schema, sharing a prefix. */
export async function startHarness(): Promise<Harness> {
  const redisUrl = await testRedis();
  const queuePrefix = uniqueQueuePrefix('messaging');
  const proxy = TcpProxy.forUrl(redisUrl, 6379);
  await proxy.start();
  const proxiedRedis = proxy.urlFor(redisUrl);
  const schemas: TestSchema[] = [];
  const apps: TestApp[] = [];
  const queues = {} as Record<ServiceName, Queue>;
  const close = async (): Promise<void> => {
    for (const app of apps.splice(0)) await app.close();
    await Promise.all(Object.values(queues).map((q) => q.close()));
    await proxy.stop();
    for (const schema of schemas.splice(0)) await schema.drop();
    await cleanupQueuePrefix(redisUrl, queuePrefix);
  };
  try {
    const identitySchema = await createTestSchema('msg_identity');
    schemas.push(identitySchema);
    const notificationsSchema = await createTestSchema('msg_notifications');
    schemas.push(notificationsSchema);
    const relay = { intervalMs: 50, maxBackoffMs: 250, addTimeoutMs: 1000 };
    const identity = await bootTestApp(
      IdentityTestModule.register({
        url: identitySchema.url,
        schema: identitySchema.schema,
        messaging: { service: 'identity', redisUrl: proxiedRedis, queuePrefix, relay },
      }),
      { logger: false },
    );
    apps.push(identity);
    const notifications = await bootTestApp(
      NotificationsTestModule.register({
        url: notificationsSchema.url,
        schema: notificationsSchema.schema,
        messaging: {
          service: 'notifications',
          redisUrl: proxiedRedis,
          queuePrefix,
          relay,
          consumer: { attempts: CONSUMER_ATTEMPTS, backoffMs: CONSUMER_BACKOFF_MS, concurrency: 4 },
        },
      }),
      { logger: false },
    );
    apps.push(notifications);
    for (const service of ALL_SERVICES) {
      queues[service] = new Queue(eventQueueName(service), {
        connection: { url: redisUrl },
        prefix: queuePrefix,
      });
    }
    return {
      redisUrl,
      queuePrefix,
      proxy,
      identity,
      notifications,
      identityDb: identity.app.get<DataSource>(getDataSourceToken()),
      notificationsDb: notifications.app.get<DataSource>(getDataSourceToken()),
      queues,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
