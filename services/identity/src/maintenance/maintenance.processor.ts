import { jobQueueName } from '@buergeramt/contracts';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { closeQuietly, createProducerConnection, workerConnectionOptions } from '@buergeramt/messaging';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OneTimeTokensService } from '../accounts/one-time-tokens.service';
import { LockoutService } from '../auth/lockout.service';
import { IdentityConfig } from '../config';
import { KeysService } from '../keys/keys.service';
import { OidcService } from '../oidc/oidc.service';
import { TokensService } from '../tokens/tokens.service';

/** Never rename without a migration plan: waiting jobs would be stranded. */
export const MAINTENANCE_QUEUE = jobQueueName('identity', 'maintenance');
const SCHEDULER_ID = 'identity-maintenance-hourly';
const EVERY_MS = 60 * 60 * 1000;

/**
 * Hourly housekeeping on a repeatable BullMQ job (one scheduler, whatever the number of replicas; one
 * replica runs each occurrence): rotates the signing key when it is due, deletes keys no longer
 * published, and removes expired tokens, login states and lockout rows.
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Maintenance');
  private redis: Redis | null = null;
  private queue: Queue | null = null;
  private worker: Worker | null = null;

  constructor(
    private readonly config: IdentityConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: KeysService,
    private readonly tokens: TokensService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly lockout: LockoutService,
    private readonly oidc: OidcService,
  ) {}

  onApplicationBootstrap(): void {
    this.redis = createProducerConnection(this.config.REDIS_URL, 'identity-maintenance');
    this.queue = new Queue(MAINTENANCE_QUEUE, { connection: this.redis, prefix: this.config.QUEUE_PREFIX });
    this.queue.on('error', () => undefined);
    this.queue
      .upsertJobScheduler(
        SCHEDULER_ID,
        { every: EVERY_MS },
        { name: 'maintenance', opts: { removeOnComplete: 50, removeOnFail: 50 } },
      )
      .catch((error: unknown) => this.logger.warn(`cannot schedule maintenance: ${String(error)}`));
    this.worker = new Worker(MAINTENANCE_QUEUE, () => this.run(), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'identity-maintenance-worker'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (_job, error) => this.logger.warn(`maintenance failed: ${error.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker) await closeQuietly(this.worker);
    if (this.queue) await closeQuietly(this.queue);
    this.redis?.disconnect();
  }

  /** One round of housekeeping (also callable directly, e.g. from tests). */
  async run(): Promise<{ rotatedTo: string | null; keysDeleted: number }> {
    const rotatedTo = await this.keys.rotateIfDue();
    const keysDeleted = await this.keys.deleteExpiredKeys();
    await this.tokens.deleteExpired();
    await this.oneTimeTokens.deleteExpired(this.dataSource.manager);
    await this.lockout.deleteOld();
    await this.oidc.deleteExpiredStates();
    return { rotatedTo, keysDeleted };
  }
}
