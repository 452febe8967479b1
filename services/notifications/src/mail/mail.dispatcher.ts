import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
} from 'typeorm';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { JobQueues } from '../queues/queues.module';
import { AppointmentStatesRepository } from '../reminders/appointment-states.repository';
import { mailJobOptions } from './mail-jobs';

const BATCH = 200;
const ADD_TIMEOUT_MS = 5000;
const MAX_PAUSE_MS = 30_000;
/** a queued mail whose job vanished (Redis lost data) is handed to the queue again after this long */
const LOST_JOB_CHECK_MS = 60_000;
/** pending mails past their deadline are failed this often (not on every wake-up) */
const EXPIRY_CHECK_MS = 1000;
const LOST_JOB_AGE_MS = 10 * 60_000;
const HOUSEKEEPING_MS = 10 * 60_000;
/** guests' contact data of appointments is kept this long after the appointment */
const APPOINTMENT_RETENTION_DAYS = 30;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Hands queued mails from the delivery log to the mail queue (job id = delivery id), like the outbox relay
 * does for events: the row is written in the event's transaction, the job added after the commit, so a
 * crash or a Redis outage in between delays a mail but never loses it. Woken by the commit of a
 * transaction that queued mail; polls every MAIL_DISPATCH_INTERVAL_MS otherwise. Also fails mails whose
 * recipient never became known, re-adds jobs Redis lost, and prunes old log entries.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailDispatcher.name);
  private readonly withMail = new WeakSet<QueryRunner>();
  private readonly listener: EntitySubscriberInterface = {
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      const runner = event.queryRunner;
      if (runner.isTransactionActive || !this.withMail.has(runner)) return;
      this.withMail.delete(runner);
      this.wake();
    },
  };
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wakeRequested = false;
  private interrupt: (() => void) | null = null;
  private failures = 0;
  private lastExpiryCheck = 0;
  private lastLostJobCheck = 0;
  private lastHousekeeping = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly appointments: AppointmentStatesRepository,
    private readonly queues: JobQueues,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.dataSource.subscribers.push(this.listener);
    this.loopDone = this.loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.interrupt?.();
    await this.loopDone;
    const index = this.dataSource.subscribers.indexOf(this.listener);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }

  /** Called inside a transaction that queued mail: dispatch as soon as it commits. */
  afterCommit(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.withMail.add(runner);
    else this.wake();
  }

  wake(): void {
    this.wakeRequested = true;
    if (this.failures === 0) this.interrupt?.();
  }

  /** Hands one batch to the queue; resolves with the number of mails handed over. */
  async dispatchBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.deliveries.claimUnqueued(manager, BATCH);
      if (rows.length === 0) return 0;
      await withTimeout(
        this.queues.mail.addBulk(
          rows.map((row) => ({
            name: row.kind,
            data: { deliveryId: row.id },
            opts: mailJobOptions(row.id, this.config),
          })),
        ),
        ADD_TIMEOUT_MS,
        'adding mail jobs',
      );
      await this.deliveries.markEnqueued(
        manager,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      let pause = this.config.MAIL_DISPATCH_INTERVAL_MS;
      try {
        const handed = await this.dispatchBatch();
        await this.maintain();
        if (this.failures > 0)
          this.logger.log(`dispatching mail works again after ${this.failures} failure(s)`);
        this.failures = 0;
        if (handed >= BATCH || this.wakeRequested) pause = 0;
      } catch (error) {
        this.failures += 1;
        pause = Math.min(
          MAX_PAUSE_MS,
          this.config.MAIL_DISPATCH_INTERVAL_MS * 2 ** Math.min(this.failures - 1, 10),
        );
        if (this.failures === 1 || this.failures % 10 === 0) {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`mail dispatcher: ${message} (failure ${this.failures}, next try in ${pause} ms)`);
        }
      }
      if (pause > 0 && this.running) await this.sleep(pause);
    }
  }

  private async maintain(): Promise<void> {
    const now = Date.now();
    if (now - this.lastExpiryCheck >= EXPIRY_CHECK_MS) {
      this.lastExpiryCheck = now;
      const expired = await this.deliveries.expirePending();
      if (expired > 0) this.logger.warn(`${expired} mail(s) failed: the recipient's profile never arrived`);
    }
    if (now - this.lastLostJobCheck >= LOST_JOB_CHECK_MS) {
      this.lastLostJobCheck = now;
      const ids = await this.deliveries.longQueued(LOST_JOB_AGE_MS, 100);
      const lost: string[] = [];
      for (const id of ids) if (!(await this.queues.mail.getJob(id))) lost.push(id);
      if (lost.length > 0) {
        this.logger.warn(
          `${lost.length} queued mail(s) had no job any more: handing them to the queue again`,
        );
        await this.deliveries.resetEnqueued(lost);
      }
    }
    if (now - this.lastHousekeeping >= HOUSEKEEPING_MS) {
      this.lastHousekeeping = now;
      await this.deliveries.prune(this.config.DELIVERY_RETENTION_DAYS);
      await this.appointments.prune(APPOINTMENT_RETENTION_DAYS);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested && this.failures === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.interrupt = () => {
        this.interrupt = null;
        done();
      };
    });
  }
}
