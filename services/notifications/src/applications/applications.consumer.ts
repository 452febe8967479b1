import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FeedbackService } from '../feedback/feedback.service';
import { NotifyService } from '../notify/notify.service';

/**
 * Application events → mails to the case's owner (addressed through the recipient read model: the events
 * carry only `ownerId`). Every mail is also an inbox entry linking to the case.
 */
@Injectable()
export class ApplicationsConsumer {
  constructor(
    private readonly notify: NotifyService,
    private readonly feedback: FeedbackService,
  ) {}

  @OnEvent('application.submitted')
  async submitted(event: DomainEvent<'application.submitted'>, manager: EntityManager): Promise<void> {
    await this.notify.notify(manager, {
      kind: 'application-received',
      params: { applicationId: event.data.applicationId, reference: event.data.reference },
      dedupeKey: `event:${event.id}:application-received`,
      to: { userId: event.data.ownerId },
      event: { id: event.id, type: event.type },
    });
  }

  @OnEvent('application.info-requested')
  async infoRequested(
    event: DomainEvent<'application.info-requested'>,
    manager: EntityManager,
  ): Promise<void> {
    await this.notify.notify(manager, {
      kind: 'information-requested',
      params: {
        applicationId: event.data.applicationId,
        reference: event.data.reference,
        message: event.data.message,
      },
      dedupeKey: `event:${event.id}:information-requested`,
      to: { userId: event.data.ownerId },
      event: { id: event.id, type: event.type },
    });
  }

  /** The decision is available, and a short feedback request follows (at most one a week per person). */
  @OnEvent('application.decided')
  async decided(event: DomainEvent<'application.decided'>, manager: EntityManager): Promise<void> {
    const { applicationId, reference, outcome, serviceName, ownerId } = event.data;
    await this.notify.notify(manager, {
      kind: 'decision-available',
      params: { applicationId, reference, outcome, serviceName },
      dedupeKey: `event:${event.id}:decision-available`,
      to: { userId: ownerId },
      event: { id: event.id, type: event.type },
    });
    await this.feedback.request(manager, {
      subjectType: 'application',
      subjectId: applicationId,
      reference,
      to: { userId: ownerId },
      event: { id: event.id, type: event.type },
    });
  }

  /**
   * Only messages from staff are news to the owner (their own are not mailed back to them). The question
   * of an information request is posted as a message too, but `application.info-requested` already tells
   * the owner (mail and inbox entry): it gets no second mail.
   */
  @OnEvent('application.message-posted')
  async messagePosted(
    event: DomainEvent<'application.message-posted'>,
    manager: EntityManager,
  ): Promise<void> {
    if (!event.data.fromStaff || event.data.kind === 'info-request') return;
    await this.notify.notify(manager, {
      kind: 'staff-message',
      params: { applicationId: event.data.applicationId },
      dedupeKey: `event:${event.id}:staff-message`,
      to: { userId: event.data.ownerId },
      event: { id: event.id, type: event.type },
    });
  }

  /**
   * The decision letter was issued into the citizen's documents. The `application.decided` mail already
   * tells them; notifications subscribes so that a document-only notice can be added without a contract
   * change, and acknowledges the event meanwhile.
   */
  @OnEvent('document.issued')
  async documentIssued(_event: DomainEvent<'document.issued'>, _manager: EntityManager): Promise<void> {
    return Promise.resolve();
  }
}
