// A service with one job handler (`@OnJob('webhooks', 'deliver')` of "applications"), for the job tests:
// in the test's own process (jobs.integration.spec.ts) and in a child process the tests kill
// (job-worker.process.ts).
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import {
  Column,
  type DataSource,
  Entity,
  type EntityManager,
  type MigrationInterface,
  PrimaryGeneratedColumn,
  type QueryRunner,
} from 'typeorm';
import {
  type EnqueuedJob,
  type EnqueueOptions,
  type JobContext,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessagingModule,
  type MessagingModuleOptions,
  OnJob,
  OutboxPublisher,
} from '../src';

export const JOB_SERVICE = 'applications';
export const JOB_QUEUE = 'webhooks';
export const JOB_ATTEMPTS = 3;
export const JOB_BACKOFF_MS = 100;

/** The handler's effect. Deliberately without a unique constraint: only the inbox prevents doubles. */
@Entity({ name: 'deliveries' })
export class DeliveryEffectEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  key!: string;

  @Column('text', { name: 'job_id' })
  jobId!: string;
}

export class DeliveriesTable1766700000001 implements MigrationInterface {
  name = 'DeliveriesTable1766700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(
      `CREATE TABLE "${schema}"."deliveries" ("id" serial PRIMARY KEY, "key" text NOT NULL, "job_id" text NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`DROP TABLE "${schema}"."deliveries"`);
  }
}

export interface DeliverData {
  key: string;
}

/** Every start of the handler's body in this process, by key. */
export interface HandlerRun {
  key: string;
  at: number;
  attempt: number;
  attempts: number;
}

@Injectable()
export class DeliverJobs {
  readonly runs: HandlerRun[] = [];
  /** key -> how many more runs fail ('always' for all) */
  readonly failures = new Map<string, number | 'always'>();
  /** key -> a promise the handler waits for after writing its effect (before its commit) */
  readonly gates = new Map<string, Promise<void>>();
  /** called when a handler has written its effect (before its commit) */
  onEffect: (key: string) => void = () => undefined;

  @OnJob<DeliverJobs>(JOB_QUEUE, 'deliver', { attempts: JOB_ATTEMPTS, backoffMs: () => JOB_BACKOFF_MS })
  async deliver(data: DeliverData, manager: EntityManager, job: JobContext): Promise<void> {
    this.runs.push({ key: data.key, at: Date.now(), attempt: job.attempt, attempts: job.attempts });
    await manager.insert(DeliveryEffectEntity, { key: data.key, jobId: job.id });
    this.onEffect(data.key);
    await this.gates.get(data.key);
    const failing = this.failures.get(data.key);
    if (failing === 'always' || (typeof failing === 'number' && failing > 0)) {
      if (typeof failing === 'number') this.failures.set(data.key, failing - 1);
      throw new Error(`cannot deliver ${data.key}`);
    }
  }

  runsOf(key: string): HandlerRun[] {
    return this.runs.filter((run) => run.key === key);
  }
}

/** What causes jobs: writes them in a transaction of its own, optionally rolled back. */
@Injectable()
export class Deliveries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  enqueue(
    key: string,
    options: EnqueueOptions & {
      rollback?: boolean;
      during?: (manager: EntityManager, job: EnqueuedJob) => Promise<unknown>;
    } = {},
  ): Promise<EnqueuedJob> {
    const { rollback, during, ...enqueueOptions } = options;
    return this.dataSource.transaction(async (manager) => {
      const job = await this.outbox.enqueue(manager, JOB_QUEUE, { key } satisfies DeliverData, {
        name: 'deliver',
        ...enqueueOptions,
      });
      await during?.(manager, job);
      if (rollback) throw new Error('something after the enqueue failed');
      return job;
    });
  }

  /** the handler's effects of `key` (rows, whoever wrote them) */
  async effects(key: string): Promise<number> {
    return this.dataSource.getRepository(DeliveryEffectEntity).countBy({ key });
  }
}

export interface JobAppConfig {
  url: string;
  schema: string;
  redisUrl: string;
  queuePrefix: string;
  jobs?: MessagingModuleOptions['jobs'];
}

@Module({})
export class JobTestModule {
  static register(config: JobAppConfig): DynamicModule {
    return {
      module: JobTestModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.url,
          schema: config.schema,
          entities: [...MESSAGING_ENTITIES, DeliveryEffectEntity],
          migrations: [...MESSAGING_MIGRATIONS, DeliveriesTable1766700000001],
          migrationsRun: true,
          synchronize: false,
          logging: false,
          extra: { max: 5 },
        }),
        MessagingModule.forRoot({
          service: JOB_SERVICE,
          redisUrl: config.redisUrl,
          queuePrefix: config.queuePrefix,
          relay: { intervalMs: 50, maxBackoffMs: 250, addTimeoutMs: 1000, retentionMs: null },
          consumer: { enabled: false },
          jobs: { lockDurationMs: 1000, stalledIntervalMs: 500, ...config.jobs },
        }),
      ],
      providers: [DeliverJobs, Deliveries],
    };
  }
}
