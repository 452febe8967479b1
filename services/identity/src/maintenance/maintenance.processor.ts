import { jobQueueName } from '@buergeramt/contracts';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ScheduledJob } from '@buergeramt/messaging';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailLimitService } from '../accounts/mail-limit.service';
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
 * published, and removes expired tokens, login states, lockout rows and mail counts.
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Maintenance');
  private job: ScheduledJob | null = null;

  constructor(
    private readonly config: IdentityConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: KeysService,
    private readonly tokens: TokensService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly lockout: LockoutService,
    private readonly mailLimit: MailLimitService,
    private readonly oidc: OidcService,
  ) {}

  onApplicationBootstrap(): void {
    this.job = new ScheduledJob({
      redisUrl: this.config.REDIS_URL,
      prefix: this.config.QUEUE_PREFIX,
      queueName: MAINTENANCE_QUEUE,
      schedulerId: SCHEDULER_ID,
      jobName: 'maintenance',
      everyMs: EVERY_MS,
      run: () => this.run(),
      warn: (message) => this.logger.warn(message),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }

  /** One round of housekeeping (also callable directly, e.g. from tests). */
  async run(): Promise<{ rotatedTo: string | null; keysDeleted: number }> {
    const rotatedTo = await this.keys.rotateIfDue();
    const keysDeleted = await this.keys.deleteExpiredKeys();
    await this.tokens.deleteExpired();
    await this.oneTimeTokens.deleteExpired(this.dataSource.manager);
    await this.lockout.deleteOld();
    await this.mailLimit.deleteOld();
    await this.oidc.deleteExpiredStates();
    return { rotatedTo, keysDeleted };
  }
}
