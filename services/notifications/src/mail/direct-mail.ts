import { jobQueueName } from '@buergeramt/contracts';
import { createProducerConnection, takeQueueRateLimit } from '@buergeramt/messaging';
import { MetricsService } from '@buergeramt/platform';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import type { DeliveryContent } from '../deliveries/delivery.entity';
import { Mailer, outgoingMail } from './mailer';
import { classifySmtpError } from './smtp-errors';

/** A queued mail, as its event's transaction wrote it, with the id of its held job. */
export interface DirectMailRequest {
  deliveryId: string;
  kind: string;
  recipientEmail: string;
  recipientName: string | null;
  subject: string;
  content: DeliveryContent;
  /** the `outbox_jobs` row of the mail's job, held back from the queue (`holdMs`) */
  jobRowId: string;
}

/** What became of a try (for tests and the log). */
export type DirectMailOutcome = 'sent' | 'failed' | 'retry' | 'busy' | 'rate-limited' | 'not-recorded';

/** Longest wait for a free SMTP slot after the commit, and most tries waiting; beyond, the queue sends. */
const MAX_WAIT_MS = 5000;
const MAX_WAITING = 10_000;
/** Longest wait for the rate limit's answer from Redis before the mail is left to the queue. */
const RATE_LIMIT_TIMEOUT_MS = 2000;
/** Pauses before the 2nd and 3rd try to record a sent mail (the database may be away for a moment). */
const RECORD_RETRY_MS = [1000, 4000];

/**
 * Sends a mail right after the commit of the event that caused it (MAIL_DIRECT_SEND, decision §45), in the
 * process that handled the event: no queue job, no relay, no second transaction. The mail's job is written
 * all the same, held back from the queue for MAIL_DIRECT_HOLD_SECONDS; this class deletes it together with
 * the `sent` mark, and gives it to the queue at once when it does not send the mail: when no SMTP slot of
 * its own (MAIL_CONCURRENCY) became free within 5 s, when the rate limit (MAIL_RATE_PER_MINUTE, the mail
 * queue's own, shared with its Worker and every replica) is used up or Redis does not answer, and after a
 * temporary failure (recorded in the delivery log like a try of the job; the job then makes its
 * MAIL_ATTEMPTS tries). A permanent failure (5xx) fails the mail for good at once, as the job would. If the
 * process dies before any of this, the job leaves when the hold ends: the mail is late, never lost.
 */
@Injectable()
export class DirectMail implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(DirectMail.name);
  private readonly queueName = jobQueueName('notifications', 'mail');
  private redis: Redis | null = null;
  private readonly running = new Set<Promise<DirectMailOutcome>>();
  /** SMTP conversations of this class at a time (the pool's size: the mail job's Worker has as many) */
  private readonly slots: number;
  private busySlots = 0;
  /** tries waiting for a slot, oldest first: each wakes with true (send) or false (too late: the queue) */
  private readonly waiting: { since: number; wake: (send: boolean) => void }[] = [];
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly config: NotificationsConfig,
    private readonly mailer: Mailer,
    private readonly deliveries: DeliveriesRepository,
    metrics: MetricsService,
  ) {
    this.slots = config.MAIL_CONCURRENCY;
    this.outcomes = new Counter({
      name: 'mail_direct_sends_total',
      help: 'Mails tried right after their event’s commit, by outcome (busy, rate-limited: left to the queue)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  get enabled(): boolean {
    return this.config.MAIL_DIRECT_SEND;
  }

  /** How long the job of a mail sent this way is held back from the queue. */
  get holdMs(): number {
    return this.config.MAIL_DIRECT_HOLD_SECONDS * 1000;
  }

  onModuleInit(): void {
    // connected before the first mail: the connection fails fast instead of queueing commands
    if (this.enabled)
      this.redis = createProducerConnection(this.config.REDIS_URL, 'notifications:direct-mail');
  }

  /** Starts the try (called from the commit, see `afterCommit`) and returns; `settled` waits for it. */
  start(request: DirectMailRequest): void {
    const run = this.send(request);
    this.running.add(run);
    void run.then(
      (outcome) => {
        this.running.delete(run);
        this.outcomes.inc({ outcome });
      },
      () => this.running.delete(run), // send() handles its own errors
    );
  }

  /** Resolves once every try started so far has ended (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // a try cut short leaves its job held: it is sent when the hold ends, by this or another process
    // (the timer does not keep the process alive once the tries have ended)
    await Promise.race([this.settled(), sleep(10_000, undefined, { ref: false })]);
    this.redis?.disconnect();
    this.redis = null;
  }

  private async send(request: DirectMailRequest): Promise<DirectMailOutcome> {
    if (!(await this.slot())) return this.leaveToQueue(request, 'busy');
    try {
      if (!(await this.rateLimitAllows())) return await this.leaveToQueue(request, 'rate-limited');
      return await this.converse(request);
    } finally {
      this.freeSlot();
    }
  }

  /**
   * Waits for one of the `slots`: true once it is this try's, false when the try waited longer than
   * MAX_WAIT_MS or too many wait (then the queue sends the mail). So a try starts its SMTP conversation at
   * most MAX_WAIT_MS after the commit, and waits in the pool for at most one conversation of the mail job:
   * well inside the job's hold.
   */
  private slot(): Promise<boolean> {
    if (this.busySlots < this.slots) {
      this.busySlots += 1;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= MAX_WAITING) return Promise.resolve(false);
    return new Promise((wake) => this.waiting.push({ since: performance.now(), wake }));
  }

  private freeSlot(): void {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      if (performance.now() - next.since <= MAX_WAIT_MS) {
        next.wake(true); // the slot passes on
        return;
      }
      next.wake(false);
    }
    this.busySlots -= 1;
  }

  private async converse(request: DirectMailRequest): Promise<DirectMailOutcome> {
    const { deliveryId, jobRowId } = request;
    let sent;
    try {
      sent = await this.mailer.send(outgoingMail(deliveryId, request));
    } catch (error) {
      const failure = classifySmtpError(error);
      const what = `${request.kind} mail ${deliveryId} (right after its event)`;
      try {
        await this.deliveries.recordFailure(
          deliveryId,
          { final: failure.permanent, error: failure.message, code: failure.code },
          jobRowId,
        );
      } catch (recordError) {
        this.logger.warn(
          `${what} failed (${failure.message}), and so did recording it: ${String(recordError)}`,
        );
        return 'not-recorded'; // the job leaves when the hold ends
      }
      if (failure.permanent) {
        this.logger.error(`${what} failed for good: ${failure.message}`);
        return 'failed';
      }
      this.logger.warn(`${what} failed, the mail queue retries: ${failure.message}`);
      return 'retry';
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.deliveries.markSent(deliveryId, sent, undefined, jobRowId);
        return 'sent';
      } catch (error) {
        const pause = RECORD_RETRY_MS[attempt];
        if (pause === undefined) {
          // the held job sends it again when the hold ends (the same Message-ID)
          this.logger.error(
            `${request.kind} mail ${deliveryId} was sent but could not be recorded: ${String(error)}`,
          );
          return 'not-recorded';
        }
        await sleep(pause);
      }
    }
  }

  private async rateLimitAllows(): Promise<boolean> {
    const redis = this.redis;
    if (!redis) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        takeQueueRateLimit(redis, this.config.QUEUE_PREFIX, this.queueName, {
          max: this.config.MAIL_RATE_PER_MINUTE,
          durationMs: 60_000,
        }),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), RATE_LIMIT_TIMEOUT_MS);
        }),
      ]);
    } catch {
      return false; // Redis away: the queue sends it once the relay can reach Redis again
    } finally {
      clearTimeout(timer);
    }
  }

  private async leaveToQueue(
    request: DirectMailRequest,
    reason: 'busy' | 'rate-limited',
  ): Promise<DirectMailOutcome> {
    try {
      await this.deliveries.releaseHeldJob(request.jobRowId);
    } catch (error) {
      // the job leaves when the hold ends
      this.logger.warn(`mail ${request.deliveryId}: giving its job to the queue failed: ${String(error)}`);
    }
    return reason;
  }
}
