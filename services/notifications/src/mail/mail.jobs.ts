import { type JobContext, OnJob } from '@buergeramt/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { Mailer, outgoingMail } from './mailer';
import { classifySmtpError } from './smtp-errors';

/** The data of a job on the mail queue (`{notifications.mail}`); its name is the mail's kind. */
export interface MailJobData {
  deliveryId: string;
}

/** What a run of a mail job did (logged; the delivery log is the record). */
export type MailJobResult = 'sent' | 'not-queued' | 'gone';

/**
 * Sends the mails of the mail queue (`@OnJob('mail')`: every job name, i.e. every kind), written by
 * `NotifyService` with `outbox.enqueue` and added to the queue by the relay. The queue's Worker is
 * rate-limited (MAIL_RATE_PER_MINUTE across all replicas) and runs MAIL_CONCURRENCY at a time (app.module).
 * A 4xx answer or an unreachable server is retried with exponential backoff; a 5xx answer, or the last
 * attempt, fails the mail for good. Every try is recorded in the delivery log.
 *
 * Exactly once in effect: the run's transaction records the job in the messaging inbox together with the
 * `sent` mark, and a mail that is not `queued` any more is not sent again. What remains is SMTP's window: a
 * server that accepted the mail just before the process died gets it once more (same Message-ID).
 */
@Injectable()
export class MailJobs {
  private readonly logger = new Logger(MailJobs.name);

  constructor(
    private readonly config: NotificationsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly mailer: Mailer,
  ) {}

  @OnJob<MailJobs>('mail', {
    attempts: (self) => self.config.MAIL_ATTEMPTS,
    backoffMs: (self) => self.config.MAIL_BACKOFF_MS,
    maxBackoffMs: Number.MAX_SAFE_INTEGER, // doubling without a cap, as MAIL_BACKOFF_MS documents
  })
  async send(data: MailJobData, manager: EntityManager, job: JobContext): Promise<MailJobResult> {
    const { deliveryId } = data;
    const delivery = await this.deliveries.findById(deliveryId, manager);
    if (!delivery) return 'gone'; // erased with the account
    if (delivery.status !== 'queued' || !delivery.content || !delivery.recipientEmail || !delivery.subject) {
      return 'not-queued'; // sent already (a duplicate job), or failed and not retried
    }
    try {
      const { recipientEmail, recipientName, subject, content } = delivery;
      const sent = await this.mailer.send(
        outgoingMail(deliveryId, { recipientEmail, recipientName, subject, content }),
      );
      await this.deliveries.markSent(deliveryId, sent, manager);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      const final = failure.permanent || job.attempt >= job.attempts;
      // on a connection of its own: the run's transaction rolls back, the try stays in the log
      await this.deliveries.recordFailure(deliveryId, { final, error: failure.message, code: failure.code });
      const what = `${delivery.kind} mail ${deliveryId} (attempt ${job.attempt}/${job.attempts})`;
      if (final) {
        this.logger.error(`${what} failed for good: ${failure.message}`);
        throw new UnrecoverableError(failure.message);
      }
      this.logger.warn(`${what} failed, will retry: ${failure.message}`);
      throw error instanceof Error ? error : new Error(failure.message);
    }
  }
}
