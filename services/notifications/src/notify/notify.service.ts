import { afterCommit, type OutboxJobRow, OutboxPublisher } from '@buergeramt/messaging';
import { Clock } from '@buergeramt/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository, type DeliveryResolution } from '../deliveries/deliveries.repository';
import type { DeliveryEntity, DeliveryStatus } from '../deliveries/delivery.entity';
import { InboxRepository } from '../inbox/inbox.repository';
import { DirectMail } from '../mail/direct-mail';
import type { MailJobData } from '../mail/mail.jobs';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { IN_INBOX, type MailKind, type MailRequestOf, SECRET_PARAMS } from '../templates/mail-kinds';
import { MailRenderer } from '../templates/mail-renderer';
import { type Addressee, type KnownPerson, RecipientResolver } from './recipient-resolver';

/** One notification to a person: a mail (and an inbox entry where the kind has one). */
export type Notification<K extends MailKind = MailKind> = MailRequestOf<K> & {
  /** at most one mail and one inbox entry per key: `event:<eventId>:<kind>` or a domain key */
  dedupeKey: string;
  to: Addressee;
  event: { id: string; type: string } | null;
  /** the mail cannot be sent (e.g. a guest booking without token): record it as failed with this reason */
  invalid?: string;
};

/** Any notification, discriminated by `kind` (so `params` must fit the kind). */
export type AnyNotification = { [K in MailKind]: Notification<K> }[MailKind];

/** A notification before its addressee and event are filled in. */
export type MailOf = { [K in MailKind]: Omit<Notification<K>, 'to' | 'event'> }[MailKind];

export type NotifyOutcome = Exclude<DeliveryStatus, 'sent'> | 'duplicate' | 'erased';

function withoutSecrets(params: object): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...params };
  for (const key of SECRET_PARAMS) delete copy[key];
  return copy;
}

/**
 * Turns "this person should hear about X" into rows, inside the caller's transaction (the event handler's):
 * the inbox entry, and the delivery-log row of the mail — rendered and queued, pending while the person's
 * profile is unknown, skipped when they switched optional mails off, or failed when it cannot be sent.
 * A queued mail's job is written in the same transaction (by the statement that adds its row, or with
 * `outbox.enqueue`); the relay adds it to the mail queue after the commit, and `MailJobs` sends it.
 */
@Injectable()
export class NotifyService {
  private readonly logger = new Logger(NotifyService.name);

  constructor(
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
    private readonly renderer: MailRenderer,
    private readonly resolver: RecipientResolver,
    private readonly deliveries: DeliveriesRepository,
    private readonly inbox: InboxRepository,
    private readonly outbox: OutboxPublisher,
    private readonly recipients: RecipientsRepository,
    private readonly direct: DirectMail,
  ) {}

  async notify(manager: EntityManager, n: AnyNotification): Promise<NotifyOutcome> {
    const userId = n.to.userId;
    if (userId) await this.recipients.lockPerson(manager, userId);
    // read after the lock: a profile committed meanwhile is seen (a statement sees what committed before it)
    const person = userId ? await this.resolver.lookup(manager, userId) : undefined;
    if (person?.erased) return 'erased';
    // the person's inbox entry (where the kind has one) is written by the statement that adds the mail's row
    const entry =
      userId && IN_INBOX[n.kind]
        ? (firstParam: number) =>
            this.inbox.addition(
              manager,
              {
                userId,
                dedupeKey: n.dedupeKey,
                type: n.kind,
                params: withoutSecrets(n.params),
                link: this.renderer.inboxLink(n),
              },
              firstParam,
            )
        : undefined;
    const outcome: DeliveryResolution = n.invalid
      ? { ...EMPTY, status: 'failed', lastError: n.invalid, ...(n.to.address ? addressOf(n.to) : {}) }
      : await this.decide(manager, n, n.to, person);
    // a queued mail's job is written by the same statement as its row; held back from the queue while the
    // mail is sent right after the commit (DirectMail), where that is switched on
    const { recipientEmail, recipientName, subject, content } = outcome;
    const sendNow =
      outcome.status === 'queued' && this.direct.enabled && recipientEmail && subject && content
        ? { kind: n.kind, recipientEmail, recipientName, subject, content }
        : null;
    let job: OutboxJobRow | undefined;
    const mailJob =
      outcome.status === 'queued'
        ? (deliveryId: string, firstParam: number) =>
            (job = this.mailJobRow(manager, deliveryId, n.kind, firstParam, sendNow !== null))
        : undefined;
    const id = await this.deliveries.insert(
      manager,
      {
        dedupeKey: n.dedupeKey,
        kind: n.kind,
        status: outcome.status,
        userId,
        recipientEmail: outcome.recipientEmail,
        recipientName: outcome.recipientName,
        locale: outcome.locale,
        subject: outcome.subject,
        params: outcome.status === 'queued' || outcome.status === 'skipped' ? null : { ...n.params },
        content: outcome.content,
        eventId: n.event?.id ?? null,
        eventType: n.event?.type ?? null,
        lastError: outcome.lastError,
        pendingUntil: outcome.pendingUntil,
      },
      mailJob,
      entry,
    );
    if (id !== null && sendNow && job) {
      const request = { ...sendNow, deliveryId: id, jobRowId: job.job.id };
      afterCommit(manager, () => this.direct.start(request));
    }
    return id === null ? 'duplicate' : outcome.status;
  }

  /** The person's profile arrived: decide about every mail that waited for it. */
  async releasePending(manager: EntityManager, userId: string): Promise<number> {
    const pending = await this.deliveries.pendingForUser(manager, userId);
    let queued = 0;
    for (const row of pending) {
      if (!row.params) continue;
      const request = { kind: row.kind, params: row.params } as MailRequestOf<MailKind>;
      const outcome = await this.decide(manager, request, { userId });
      await this.deliveries.resolve(manager, row.id, outcome);
      if (outcome.status === 'queued') {
        await this.enqueueMail(manager, row.id, row.kind);
        queued += 1;
      }
    }
    return queued;
  }

  /**
   * An admin retries a failed mail: one that was rendered goes back to the queue as it is (the job gets
   * the full number of attempts again); one that never was (its recipient was unknown or invalid) is
   * decided anew, so it may become pending, skipped or failed again. Resolves with the new status.
   */
  async retryFailed(manager: EntityManager, row: DeliveryEntity): Promise<DeliveryStatus> {
    let outcome: DeliveryResolution;
    if (row.content && row.recipientEmail && row.subject) {
      outcome = {
        status: 'queued',
        recipientEmail: row.recipientEmail,
        recipientName: row.recipientName,
        locale: row.locale,
        subject: row.subject,
        content: row.content,
        lastError: row.lastError,
        pendingUntil: null,
      };
    } else if (row.params && (row.recipientEmail || row.userId)) {
      const to: Addressee = row.recipientEmail
        ? {
            userId: row.userId,
            address: { email: row.recipientEmail, name: row.recipientName, locale: row.locale ?? 'de' },
          }
        : { userId: row.userId! };
      outcome = await this.decide(
        manager,
        { kind: row.kind, params: row.params } as MailRequestOf<MailKind>,
        to,
      );
    } else {
      return row.status;
    }
    await this.deliveries.resolve(manager, row.id, outcome);
    if (outcome.status === 'queued') await this.enqueueMail(manager, row.id, row.kind);
    return outcome.status;
  }

  /**
   * The mail job of a queued delivery, in the caller's transaction: job name = the mail's kind (as in the
   * queue before), job id = the outbox row's (a retried mail is a new job).
   */
  private async enqueueMail(manager: EntityManager, deliveryId: string, kind: MailKind): Promise<void> {
    await this.outbox.enqueue(manager, 'mail', { deliveryId } satisfies MailJobData, { name: kind });
  }

  /**
   * The same job as a row for the statement that adds the delivery (placeholders from `firstParam`); held
   * back from the queue when the mail is sent right after the commit (`held`).
   */
  private mailJobRow(
    manager: EntityManager,
    deliveryId: string,
    kind: MailKind,
    firstParam: number,
    held: boolean,
  ): OutboxJobRow {
    return this.outbox.jobRow(
      manager,
      'mail',
      { deliveryId } satisfies MailJobData,
      { name: kind, ...(held ? { holdMs: this.direct.holdMs } : {}) },
      firstParam,
    );
  }

  private async decide(
    manager: EntityManager,
    request: MailRequestOf<MailKind>,
    to: Addressee,
    known?: KnownPerson,
  ): Promise<DeliveryResolution> {
    const resolution = await this.resolver.resolve(manager, to, request.kind, known);
    switch (resolution.state) {
      case 'unknown':
        return {
          ...EMPTY,
          status: 'pending',
          pendingUntil: new Date(this.clock.now().getTime() + this.config.RECIPIENT_WAIT_SECONDS * 1000),
        };
      case 'opted-out':
        return {
          ...EMPTY,
          status: 'skipped',
          locale: resolution.locale,
          lastError: 'optional mails are switched off in the preferences',
        };
      case 'invalid':
        return {
          ...EMPTY,
          status: 'failed',
          lastError: resolution.reason,
          ...(to.address ? addressOf(to) : {}),
        };
      case 'ready':
        try {
          const mail = this.renderer.render(request, resolution);
          return {
            status: 'queued',
            recipientEmail: resolution.email,
            recipientName: resolution.name,
            locale: resolution.locale,
            subject: mail.subject,
            content: { text: mail.text, html: mail.html, attachments: mail.attachments },
            lastError: null,
            pendingUntil: null,
          };
        } catch (error) {
          // a template that cannot render these parameters is a bug: record it, never block the event
          const message = error instanceof Error ? error.message : String(error);
          this.logger.error(`cannot render a ${request.kind} mail: ${message}`);
          return {
            ...EMPTY,
            status: 'failed',
            recipientEmail: resolution.email,
            locale: resolution.locale,
            lastError: `render-error: ${message}`,
          };
        }
    }
  }
}

const EMPTY: Omit<DeliveryResolution, 'status'> = {
  recipientEmail: null,
  recipientName: null,
  locale: null,
  subject: null,
  content: null,
  lastError: null,
  pendingUntil: null,
};

function addressOf(to: Addressee): Partial<DeliveryResolution> {
  return to.address
    ? { recipientEmail: to.address.email, recipientName: to.address.name, locale: to.address.locale }
    : {};
}
