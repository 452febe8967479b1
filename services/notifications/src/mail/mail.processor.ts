import { closeQuietly, workerConnectionOptions } from '@buergeramt/messaging';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { MAIL_QUEUE, type MailJobData } from '../queues/queue-names';
import { greetingName } from '../templates/person-name';
import { Mailer } from './mailer';
import { classifySmtpError } from './smtp-errors';

export type MailJobResult = 'sent' | 'not-queued' | 'gone';

/**
 * Sends the mails of the mail queue: rate-limited (MAIL_RATE_PER_MINUTE across all replicas), MAIL_CONCURRENCY
 * at a time. A 4xx answer or an unreachable server is retried with exponential backoff; a 5xx answer, or
 * the last attempt, fails the mail for good. Every try is recorded in the delivery log.
 */
@Injectable()
export class MailProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailProcessor.name);
  private worker: Worker<MailJobData, MailJobResult> | null = null;
  private lastErrorLog = 0;

  constructor(
    private readonly config: NotificationsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly mailer: Mailer,
  ) {}

  onApplicationBootstrap(): void {
    const worker = new Worker<MailJobData, MailJobResult>(MAIL_QUEUE, (job) => this.process(job), {
      connection: workerConnectionOptions(this.config.REDIS_URL, 'notifications-mail'),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.MAIL_CONCURRENCY,
      limiter: { max: this.config.MAIL_RATE_PER_MINUTE, duration: 60_000 },
      runRetryDelay: 2000,
    });
    worker.on('error', (error) => {
      if (Date.now() - this.lastErrorLog < 10_000) return;
      this.lastErrorLog = Date.now();
      this.logger.warn(`mail worker: ${error.message}`);
    });
    this.worker = worker;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await closeQuietly(worker);
  }

  async process(job: Job<MailJobData>): Promise<MailJobResult> {
    const { deliveryId } = job.data;
    const delivery = await this.deliveries.findById(deliveryId);
    if (!delivery) return 'gone'; // erased with the account
    if (delivery.status !== 'queued' || !delivery.content || !delivery.recipientEmail || !delivery.subject) {
      return 'not-queued'; // sent already (a duplicate job), or failed and not retried
    }
    try {
      const sent = await this.mailer.send({
        deliveryId,
        // rows written before names were checked may hold any text: no such display name on the address
        to: { name: greetingName(delivery.recipientName), address: delivery.recipientEmail },
        subject: delivery.subject,
        text: delivery.content.text,
        html: delivery.content.html,
        attachments: delivery.content.attachments,
      });
      await this.deliveries.markSent(deliveryId, sent);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      const attempt = job.attemptsMade + 1;
      const final = failure.permanent || attempt >= (job.opts.attempts ?? 1);
      await this.deliveries.recordFailure(deliveryId, { final, error: failure.message, code: failure.code });
      const what = `${delivery.kind} mail ${deliveryId} (attempt ${attempt}/${job.opts.attempts ?? 1})`;
      if (final) {
        this.logger.error(`${what} failed for good: ${failure.message}`);
        throw new UnrecoverableError(failure.message);
      }
      this.logger.warn(`${what} failed, will retry: ${failure.message}`);
      throw error instanceof Error ? error : new Error(failure.message);
    }
  }
}
