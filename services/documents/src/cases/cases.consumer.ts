import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent, OutboxPublisher } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type IssueJobData, issueJobId } from '../queues/queue-names';
import { ApplicationCaseEntity } from './case.entities';

const CLOSED = new Set(['approved', 'rejected', 'withdrawn']);

interface CaseChange {
  applicationId: string;
  ownerId: string;
  serviceId: string;
  occurredAt: Date;
  /** the status this event says the application has, if it says one */
  status?: string;
  reference?: string | null;
  submitted?: boolean;
  closedAt?: Date;
}

/**
 * Keeps the read model of applications from the applications service's events: who owns each, whether
 * it was submitted, when it closed, and which documents belong to it. Events may arrive out of order: a
 * status only replaces a newer one's never, and submission and closing times, once known, stay.
 */
@Injectable()
export class CasesConsumer {
  constructor(private readonly outbox: OutboxPublisher) {}

  @OnEvent('application.submitted')
  async submitted(event: DomainEvent<'application.submitted'>, manager: EntityManager): Promise<void> {
    const newest = await this.apply(manager, {
      ...event.data,
      occurredAt: new Date(event.occurredAt),
      status: 'submitted',
      reference: event.data.reference,
      submitted: true,
    });
    if (!newest) return;
    // the submitted set replaces what the citizen attached before (a resubmission may change it)
    await manager.query(
      `DELETE FROM application_documents
        WHERE application_id = $1 AND NOT from_staff AND NOT (document_id = ANY($2::uuid[]))`,
      [event.data.applicationId, event.data.documentIds],
    );
    await this.link(manager, event.data.applicationId, event.data.documentIds, false);
  }

  @OnEvent('application.status-changed')
  async statusChanged(
    event: DomainEvent<'application.status-changed'>,
    manager: EntityManager,
  ): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    await this.apply(manager, {
      ...event.data,
      occurredAt,
      status: event.data.to,
      submitted: event.data.to !== 'draft',
      closedAt: CLOSED.has(event.data.to) ? occurredAt : undefined,
    });
  }

  @OnEvent('application.withdrawn')
  async withdrawn(event: DomainEvent<'application.withdrawn'>, manager: EntityManager): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    await this.apply(manager, {
      ...event.data,
      occurredAt,
      status: 'withdrawn',
      reference: event.data.reference,
      closedAt: occurredAt,
    });
  }

  /**
   * Records the decision and writes the decision letter's job in the same transaction (`IssueJobs`; job id
   * `issue-<applicationId>`, one job per application whatever the redeliveries).
   */
  @OnEvent('application.decided')
  async decided(event: DomainEvent<'application.decided'>, manager: EntityManager): Promise<void> {
    const decidedAt = new Date(event.data.decidedAt);
    await this.apply(manager, {
      ...event.data,
      occurredAt: new Date(event.occurredAt),
      status: event.data.outcome,
      reference: event.data.reference,
      submitted: true,
      closedAt: decidedAt,
    });
    await this.outbox.enqueue(manager, 'issue', { ...event.data, eventId: event.id } satisfies IssueJobData, {
      name: 'issue',
      jobId: issueJobId(event.data.applicationId),
    });
  }

  @OnEvent('application.message-posted')
  async messagePosted(
    event: DomainEvent<'application.message-posted'>,
    manager: EntityManager,
  ): Promise<void> {
    if (event.data.documentIds.length === 0) return;
    await this.apply(manager, { ...event.data, occurredAt: new Date(event.occurredAt) });
    await this.link(manager, event.data.applicationId, event.data.documentIds, event.data.fromStaff);
  }

  /** Upserts the application; resolves whether this event is the newest seen for it. */
  private async apply(manager: EntityManager, change: CaseChange): Promise<boolean> {
    const existing = await manager.findOne(ApplicationCaseEntity, {
      where: { id: change.applicationId },
      lock: { mode: 'pessimistic_write' },
    });
    const row =
      existing ??
      Object.assign(new ApplicationCaseEntity(), {
        id: change.applicationId,
        ownerId: change.ownerId,
        serviceId: change.serviceId,
        status: 'draft',
        reference: null,
        submittedAt: null,
        closedAt: null,
        lastEventAt: new Date(0),
      });
    const newest = change.occurredAt.getTime() >= row.lastEventAt.getTime();
    if (change.status !== undefined && newest) row.status = change.status;
    if (newest) row.lastEventAt = change.occurredAt;
    if (change.reference) row.reference = change.reference;
    if (change.submitted && !row.submittedAt) row.submittedAt = change.occurredAt;
    if (change.closedAt && !row.closedAt) row.closedAt = change.closedAt;
    await manager.save(ApplicationCaseEntity, row);
    return newest;
  }

  private async link(
    manager: EntityManager,
    applicationId: string,
    documentIds: string[],
    fromStaff: boolean,
  ): Promise<void> {
    if (documentIds.length === 0) return;
    // a pair attached by staff keeps that flag when the citizen attaches it too
    await manager.query(
      `INSERT INTO application_documents (application_id, document_id, from_staff)
       SELECT $1, unnest($2::uuid[]), $3
       ON CONFLICT (application_id, document_id)
       DO UPDATE SET from_staff = application_documents.from_staff OR EXCLUDED.from_staff`,
      [applicationId, documentIds, fromStaff],
    );
  }
}
