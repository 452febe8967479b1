import { Injectable } from '@nestjs/common';
import { Repeat } from '@buergeramt/messaging';
import { MailLimitService } from '../accounts/mail-limit.service';
import { OneTimeTokensService } from '../accounts/one-time-tokens.service';
import { LockoutService } from '../auth/lockout.service';
import { KeysService } from '../keys/keys.service';
import { OidcService } from '../oidc/oidc.service';
import { TokensService } from '../tokens/tokens.service';

/** The job scheduler's id: never rename (the old scheduler would go on adding jobs). */
const SCHEDULER_ID = 'identity-maintenance-hourly';
const EVERY_MS = 60 * 60 * 1000;

/**
 * Hourly housekeeping on a repeatable BullMQ job (one scheduler, whatever the number of replicas; one
 * replica runs each occurrence): rotates the signing key when it is due, deletes keys no longer
 * published, and removes expired tokens, login states, lockout rows and mail counts.
 */
@Injectable()
export class MaintenanceProcessor {
  constructor(
    private readonly keys: KeysService,
    private readonly tokens: TokensService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly lockout: LockoutService,
    private readonly mailLimit: MailLimitService,
    private readonly oidc: OidcService,
  ) {}

  /** One round of housekeeping (also callable directly, e.g. from tests). */
  @Repeat<MaintenanceProcessor>({
    queue: 'maintenance',
    schedulerId: SCHEDULER_ID,
    name: 'maintenance',
    every: EVERY_MS,
  })
  async run(): Promise<{ rotatedTo: string | null; keysDeleted: number }> {
    const rotatedTo = await this.keys.rotateIfDue();
    const keysDeleted = await this.keys.deleteExpiredKeys();
    await this.tokens.deleteExpired();
    await this.oneTimeTokens.deleteExpired();
    await this.lockout.deleteOld();
    await this.mailLimit.deleteOld();
    await this.oidc.deleteExpiredStates();
    return { rotatedTo, keysDeleted };
  }
}
