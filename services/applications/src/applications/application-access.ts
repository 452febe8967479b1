import { type AuthUser, Clock, forbidden, isStaff, NotFoundProblem } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isClientWith } from '../common/actor';
import { ApplicationsProblem } from '../common/problems';
import type { ApplicationEntity } from './applications.entities';
import type { RequestContext } from './applications.service';
import type { ApplicationDto } from './dto/applications.dto';
import { WITH_OFFICE } from './workflow';

/** What a caller needs to be to do something with a case. */
export type Need = 'read' | 'owner' | 'staff-or-owner' | 'decide';

/** Who may see or touch a case, how a case reads in the API, and the audit of staff reads. */
@Injectable()
export class ApplicationAccess {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  view(app: ApplicationEntity): ApplicationDto {
    const now = this.clock.now();
    return {
      id: app.id,
      serviceId: app.serviceId,
      formId: app.formId,
      formVersion: app.formVersion,
      status: app.status,
      reference: app.reference,
      data: app.data,
      documentIds: app.documentIds,
      assignee: app.assigneeId,
      dueAt: app.dueAt?.toISOString() ?? null,
      overdue: app.dueAt !== null && WITH_OFFICE.includes(app.status) && app.dueAt < now,
      submittedAt: app.submittedAt?.toISOString() ?? null,
      infoRequest: app.status === 'info_requested' ? app.infoRequest : null,
      decision: app.decision
        ? {
            outcome: app.decision.outcome,
            reason: app.decision.reason,
            decidedAt: app.decision.decidedAt,
            documentId: app.decision.documentId,
          }
        : null,
      createdAt: app.createdAt.toISOString(),
      updatedAt: app.updatedAt.toISOString(),
    };
  }

  /**
   * Who may see or touch a case. Another citizen's case, and anybody's draft for staff and clients, is
   * 404 (never 403); a machine client without the scope, or a person without the role, is 403.
   */
  check(user: AuthUser, app: ApplicationEntity | null, need: Need): ApplicationEntity {
    if (!app) throw new NotFoundProblem();
    const owner = user.kind === 'user' && app.ownerId === user.id;
    if (need === 'owner') {
      if (!owner) {
        if (user.kind === 'client') throw forbidden('Only the applicant may do this.');
        if (isStaff(user) && app.status !== 'draft') throw forbidden('Only the applicant may do this.');
        throw new NotFoundProblem();
      }
      return app;
    }
    if (owner && need !== 'decide') return app;
    if (user.kind === 'client') {
      const scope = need === 'decide' ? 'applications:write' : 'applications:read';
      if (need === 'staff-or-owner' || !isClientWith(user, scope))
        throw forbidden(`This needs a client with the scope ${scope}.`);
      if (app.status === 'draft') throw new NotFoundProblem();
      return app;
    }
    if (isStaff(user)) {
      if (app.status === 'draft') throw new NotFoundProblem();
      return app;
    }
    if (owner) throw forbidden('Applicants cannot decide their own case.');
    throw new NotFoundProblem();
  }

  /** Assigned clerk, or supervisor+, or a client with applications:write. */
  checkCaseWorker(user: AuthUser, app: ApplicationEntity): void {
    if (user.kind === 'client') return;
    if (isStaff(user, 'supervisor')) return;
    if (app.assigneeId !== user.id) throw new ApplicationsProblem('not-assignee');
  }

  async auditRead(
    manager: EntityManager,
    user: AuthUser,
    app: ApplicationEntity,
    action: 'application.read' | 'application.timeline-read' | 'application.messages-read',
    ctx: RequestContext,
  ): Promise<void> {
    if (user.kind === 'user' && app.ownerId === user.id) return;
    await this.audit.record(manager, {
      actor: user,
      action,
      targetType: 'application',
      targetId: app.id,
      requestId: ctx.requestId,
    });
  }
}
