import { Injectable } from '@nestjs/common';
import { Repeat } from '@buergeramt/messaging';
import { MailLimitService } from '../accounts/mail-limit.service';
import { OneTimeTokensService } from '../accounts/one-time-tokens.service';
import { LockoutService } from '../auth/lockout.service';
import { KeysService } from '../keys/keys.service';
import { OidcService } from '../oidc/oidc.service';
import { TokensService } from '../tokens/tokens.service';

/** The job scheduler's id: never rename without `replaces` (the old scheduler would go on adding jobs). */
const SCHEDULER_ID = 'identity-housekeeping-hourly';
/** What the job was called until 2026-12 ("maintenance"): its scheduler is removed at start (decision §35). */
const FORMER = { queue: 'maintenance', schedulerId: 'identity-maintenance-hourly' } as const;
const EVERY_MS = 60 * 60 * 1000;

/**
 * Hourly housekeeping on a repeatable BullMQ job (one scheduler, whatever the number of replicas; one
 * replica runs each occurrence): rotates the signing key when it is due, deletes keys no longer
 * published, and removes expired tokens, login states, lockout rows and mail counts.
 */
@Injectable()
export class HousekeepingProcessor {
  constructor(
    private readonly keys: KeysService,
    private readonly tokens: TokensService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly lockout: LockoutService,
    private readonly mailLimit: MailLimitService,
    private readonly oidc: OidcService,
  ) {}

  /** One round of housekeeping (also callable directly, e.g. from tests). */
  @Repeat<HousekeepingProcessor>({
    queue: 'housekeeping',
    schedulerId: SCHEDULER_ID,
    name: 'housekeeping',
    replaces: [FORMER],
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
