import { hasStaffRole, isStaffRole, type Locale } from '@buergeramt/contracts';
import {
  type AuthUser,
  decodeCursor,
  decodeKeyedCursor,
  DEFAULT_LIMIT,
  type FieldError,
  type ListQueryDto,
  NotFoundProblem,
  notACursor,
  toKeyedPage,
  toPage,
  ValidationProblem,
  Clock,
  isStaff,
  forbidden,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { FormValidator } from '../catalogue/form-validator';
import { actorRoleOf, decidingRole, isClientWith } from '../common/actor';
import { ApplicationsProblem } from '../common/problems';
import { ApplicationsConfig } from '../config';
import { EventPublisher } from '../webhooks/webhook-fanout';
import { type ApplicationEntity, MessageEntity } from './applications.entities';
import { type AssigneeFilter, ApplicationsRepository, type InboxFilter } from './applications.repository';
import type {
  ApplicationDto,
  ApplicationListQueryDto,
  ApplicationPageDto,
  AuditPageDto,
  InboxCountsDto,
  InboxFilterQueryDto,
  StaffListDto,
  CreateApplicationDto,
  MessageDto,
  MessagePageDto,
  PostMessageDto,
  TimelineDto,
  UpdateApplicationDto,
} from './dto/applications.dto';
import { IdempotencyKeys, type StoredResponse } from './idempotency';
import {
  EDITABLE,
  OPEN,
  transition,
  type ApplicationStatus,
  type WorkflowAction,
  WITH_OFFICE,
} from './workflow';
import { messagesRefused, refusedInStatus } from './workflow-problems';
import { WorkingDays } from './working-days';

export interface RequestContext {
  requestId: string;
  locale: Locale;
}

/** The name in the cursors of the list by due date. */
const DUE_CURSOR = 'applications-by-due';

type Need = 'read' | 'owner' | 'staff-or-owner' | 'decide';

/** What `submit` did: the (first) answer, and whether it is the stored answer of an earlier request. */
export interface SubmitResult {
  response: StoredResponse;
  /** true when an Idempotency-Key replayed the first answer (`Idempotent-Replayed: true`) */
  replayed: boolean;
}

/** The case workflow: drafts, submission, review, information loop, decision, withdrawal, messages. */
@Injectable()
export class ApplicationsService {
  private readonly workingDays: WorkingDays;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ApplicationsRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly validator: FormValidator,
    private readonly events: EventPublisher,
    private readonly idempotency: IdempotencyKeys,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ApplicationsConfig,
  ) {
    this.workingDays = new WorkingDays(config.HOLIDAY_STATE);
  }

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
  private check(user: AuthUser, app: ApplicationEntity | null, need: Need): ApplicationEntity {
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
  private checkCaseWorker(user: AuthUser, app: ApplicationEntity): void {
    if (user.kind === 'client') return;
    if (isStaff(user, 'supervisor')) return;
    if (app.assigneeId !== user.id) throw new ApplicationsProblem('not-assignee');
  }

  private async changeStatus(
    manager: EntityManager,
    app: ApplicationEntity,
    action: WorkflowAction,
    actor: AuthUser | 'system',
    ctx: RequestContext,
  ): Promise<ApplicationStatus> {
    const from = app.status;
    const to = transition(from, action);
    if (!to) throw refusedInStatus(from, action, ctx.locale);
    const now = this.clock.now();
    app.status = to;
    app.updatedAt = now;
    const actorRole = actorRoleOf(actor);
    await this.repository.addTransition(manager, {
      applicationId: app.id,
      at: now,
      fromStatus: from,
      toStatus: to,
      actorRole,
      actorId: actor === 'system' ? null : actor.id,
    });
    if (app.ownerId) {
      await this.events.publish(
        manager,
        'application.status-changed',
        app.id,
        { applicationId: app.id, serviceId: app.serviceId, ownerId: app.ownerId, from, to, actorRole },
        ctx.requestId,
      );
    }
    return to;
  }

  async create(user: AuthUser, dto: CreateApplicationDto): Promise<ApplicationDto> {
    const service = await this.catalogue.findById(dto.serviceId);
    if (!service || !service.active)
      throw new ValidationProblem([{ field: 'serviceId', message: 'is not a service of the catalogue' }]);
    if (!service.onlineApplication) throw new ApplicationsProblem('not-online');
    const form = await this.catalogue.latestForm(service.id);
    if (!form) throw new ApplicationsProblem('no-form');
    const now = this.clock.now();
    const app: ApplicationEntity = {
      id: uuidv7(),
      serviceId: service.id,
      formId: form.id,
      formVersion: form.version,
      ownerId: user.id,
      status: 'draft',
      data: {},
      documentIds: [],
      reference: null,
      assigneeId: null,
      dueAt: null,
      firstSubmittedAt: null,
      submittedAt: null,
      decidedAt: null,
      decision: null,
      infoRequest: null,
      ownerDeletedAt: null,
      anonymisedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.repository.insert(manager, app);
      await this.repository.addTransition(manager, {
        applicationId: app.id,
        at: now,
        fromStatus: null,
        toStatus: 'draft',
        actorRole: 'citizen',
        actorId: user.id,
      });
    });
    return this.view(app);
  }

  async get(user: AuthUser, id: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.find(id, manager), 'read');
      await this.auditRead(manager, user, app, 'application.read', ctx);
      if (app.ownerId !== null && user.kind === 'user' && app.ownerId === user.id) return this.view(app);
      const answered = await this.repository.answered([app.id], manager);
      return { ...this.view(app), answerReceived: answered.has(app.id) };
    });
  }

  private async auditRead(
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

  /** `assignee` of the query as the repository takes it ("me" is the caller). */
  private assigneeFilter(user: AuthUser, assignee: string | undefined): AssigneeFilter | undefined {
    if (assignee === undefined) return undefined;
    if (assignee === 'none') return { kind: 'none' };
    if (assignee === 'any') return { kind: 'any' };
    return { kind: 'user', id: assignee === 'me' ? user.id : assignee.toLowerCase() };
  }

  async list(
    user: AuthUser,
    query: ApplicationListQueryDto,
    ctx: RequestContext,
  ): Promise<ApplicationPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const sort = query.sort ?? 'newest';
    const after = this.listCursor(query.cursor, sort);
    const staffView = isStaff(user) || isClientWith(user, 'applications:read');
    if (user.kind === 'client' && !staffView)
      throw forbidden('This needs a client with the scope applications:read.');
    const rows = await this.repository.list({
      ownerId: staffView ? undefined : user.id,
      excludeDrafts: staffView,
      status: query.status,
      serviceId: query.serviceId,
      assignee: staffView ? this.assigneeFilter(user, query.assignee) : undefined,
      overdueAt: query.overdue ? this.clock.now() : undefined,
      answered: staffView && query.answered === true,
      sort,
      after,
      limit,
    });
    const answered = staffView ? await this.repository.answered(rows.map((a) => a.id)) : undefined;
    const view = (a: ApplicationEntity): ApplicationDto =>
      answered ? { ...this.view(a), answerReceived: answered.has(a.id) } : this.view(a);
    const page =
      sort === 'due'
        ? toKeyedPage(rows, limit, DUE_CURSOR, view, (a) => [a.dueAt?.toISOString() ?? 'infinity', a.id])
        : toPage(rows, limit, view);
    if (staffView && page.items.length > 0) {
      await this.audit.record(this.dataSource.manager, {
        actor: user,
        action: 'application.listed',
        targetType: 'application',
        targetId: null,
        details: { ids: page.items.map((a) => a.id) },
        requestId: ctx.requestId,
      });
    }
    return page;
  }

  /** The last row of the previous page, as the list's order keys it (a cursor of the other order: 422). */
  private listCursor(cursor: string | undefined, sort: 'newest' | 'due'): InboxFilter['after'] {
    if (sort === 'newest') {
      const id = decodeCursor(cursor);
      return id ? { id } : undefined;
    }
    const keys = decodeKeyedCursor(cursor, DUE_CURSOR, 2);
    if (!keys) return undefined;
    const [due, id] = keys;
    if (
      typeof due !== 'string' ||
      typeof id !== 'string' ||
      !/^[0-9a-f-]{36}$/.test(id) ||
      (due !== 'infinity' && Number.isNaN(Date.parse(due)))
    )
      throw notACursor();
    return { id, due };
  }

  /**
   * The inbox's counts per filter value in one query (staff): each facet counted with the other filters
   * applied, so the numbers beside the filters say what choosing them would show.
   */
  async counts(user: AuthUser, query: InboxFilterQueryDto): Promise<InboxCountsDto> {
    return this.repository.counts(
      {
        excludeDrafts: true,
        status: query.status,
        serviceId: query.serviceId,
        assignee: this.assigneeFilter(user, query.assignee),
        overdueAt: query.overdue ? this.clock.now() : undefined,
        answered: query.answered === true,
      },
      user.id,
      this.clock.now(),
    );
  }

  /** The case's audit trail (supervisors and admins); reading it is audited too. */
  async auditTrail(
    user: AuthUser,
    id: string,
    query: ListQueryDto,
    ctx: RequestContext,
  ): Promise<AuditPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const afterId = decodeCursor(query.cursor) ?? undefined;
    const app = this.check(user, await this.repository.find(id), 'read');
    const rows = await this.repository.audit(app.id, afterId, limit);
    await this.audit.record(this.dataSource.manager, {
      actor: user,
      action: 'application.audit-read',
      targetType: 'application',
      targetId: app.id,
      requestId: ctx.requestId,
    });
    return toPage(rows, limit, (r) => ({
      id: r.id,
      at: r.at.toISOString(),
      action: r.action,
      actorType: r.actor_type,
      actorRole: r.actor_role,
      actorId: r.actor_id,
      actorName: r.given_name !== null ? `${r.given_name} ${r.family_name ?? ''}`.trim() : null,
      details: r.details,
    }));
  }

  /** The staff cases can be assigned to (as the applications service knows them from identity). */
  async staff(): Promise<StaffListDto> {
    const rows = await this.repository.staff();
    return {
      items: rows.map((r) => ({
        id: r.user_id,
        givenName: r.given_name,
        familyName: r.family_name,
        roles: r.roles.filter(isStaffRole),
      })),
    };
  }

  /** Autosave of a draft (or of a case sent back for information): partial data is fine here. */
  async update(
    user: AuthUser,
    id: string,
    dto: UpdateApplicationDto,
    locale: Locale,
  ): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'owner');
      if (!EDITABLE.includes(app.status)) throw refusedInStatus(app.status, 'edit', locale);
      if (dto.documentIds !== undefined) {
        const documentIds = dto.documentIds.map((d) => d.toLowerCase());
        const errors = await this.unusableDocumentErrors(
          manager,
          documentIds,
          // unknown ids may still be on their way (the upload's event); submit checks them again
          (doc) =>
            !doc || (doc.ownerId === app.ownerId && doc.status !== 'rejected' && doc.status !== 'deleted'),
          locale === 'en' ? 'is not a usable document of yours' : 'ist kein verwendbares Dokument von Ihnen',
        );
        if (errors.length > 0) throw new ValidationProblem(errors);
        app.documentIds = documentIds;
      }
      if (dto.data !== undefined) app.data = dto.data;
      app.updatedAt = this.clock.now();
      await this.repository.save(manager, app);
      return this.view(app);
    });
  }

  /**
   * The owner deletes a draft (nothing was sent, so nothing is kept: no event, no audit entry); a
   * submitted application is withdrawn instead (409).
   */
  async deleteDraft(user: AuthUser, id: string, locale: Locale): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'owner');
      if (app.status !== 'draft') throw refusedInStatus(app.status, 'delete', locale);
      await this.repository.delete(manager, app.id);
    });
  }

  /** Full validation, reference, due date, events; idempotent with an Idempotency-Key. */
  async submit(
    user: AuthUser,
    id: string,
    idempotencyKey: string | undefined,
    ctx: RequestContext,
  ): Promise<SubmitResult> {
    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey !== undefined) {
        const stored = await this.idempotency.claim(manager, user.id, idempotencyKey, `submit:${id}`);
        if (stored) return { response: stored, replayed: true };
      }
      const app = this.check(user, await this.repository.lock(manager, id), 'owner');
      if (!transition(app.status, 'submit')) throw refusedInStatus(app.status, 'submit', ctx.locale);
      const form = await this.catalogue.formById(app.formId, manager);
      if (!form) throw new Error(`form ${app.formId} of application ${app.id} is missing`);
      const errors = this.validator.validate(form, app.data, ctx.locale);
      errors.push(...(await this.documentErrors(manager, app, form.ui.documents ?? [], ctx.locale)));
      if (errors.length > 0)
        throw new ValidationProblem(
          errors,
          ctx.locale === 'en'
            ? 'The application is incomplete: please correct the fields named in `errors`.'
            : 'Der Antrag ist unvollständig: Bitte korrigieren Sie die in `errors` genannten Felder.',
        );
      const now = this.clock.now();
      if (app.reference === null) {
        const service = await this.catalogue.findById(app.serviceId, manager);
        const year = WorkingDays.cityYear(now);
        const n = await this.repository.nextReferenceNumber(manager, year);
        app.reference = `${this.config.REFERENCE_PREFIX}-${year}-${String(n).padStart(6, '0')}`;
        app.firstSubmittedAt = now;
        app.dueAt = this.workingDays.dueAt(now, service?.processingDays ?? 0);
      }
      app.submittedAt = now;
      app.infoRequest = null;
      await this.changeStatus(manager, app, 'submit', user, ctx);
      await this.repository.save(manager, app);
      await this.events.publish(
        manager,
        'application.submitted',
        app.id,
        {
          applicationId: app.id,
          serviceId: app.serviceId,
          ownerId: user.id,
          reference: app.reference,
          documentIds: app.documentIds,
        },
        ctx.requestId,
      );
      const response: StoredResponse = { statusCode: 200, body: this.view(app) };
      if (idempotencyKey !== undefined)
        await this.idempotency.store(manager, user.id, idempotencyKey, response);
      return { response, replayed: false };
    });
  }

  private async documentErrors(
    manager: EntityManager,
    app: ApplicationEntity,
    required: { label: { de: string; en: string }; required: boolean }[],
    locale: Locale,
  ): Promise<FieldError[]> {
    const errors = await this.unusableDocumentErrors(
      manager,
      app.documentIds,
      (doc) => doc !== undefined && doc.ownerId === app.ownerId && doc.status === 'clean',
      locale === 'en'
        ? 'is not a checked document of yours (it may still be being scanned)'
        : 'ist kein geprüftes Dokument von Ihnen (eventuell läuft die Prüfung noch)',
    );
    const needed = required.filter((d) => d.required);
    if (app.documentIds.length < needed.length) {
      errors.push({
        field: 'documentIds',
        message:
          locale === 'en'
            ? `needs ${needed.length} document(s): ${needed.map((d) => d.label.en).join(', ')}`
            : `braucht ${needed.length} Dokument(e): ${needed.map((d) => d.label.de).join(', ')}`,
      });
    }
    return errors;
  }

  async withdraw(user: AuthUser, id: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'owner');
      await this.changeStatus(manager, app, 'withdraw', user, ctx);
      await this.repository.save(manager, app);
      await this.events.publish(
        manager,
        'application.withdrawn',
        app.id,
        { applicationId: app.id, serviceId: app.serviceId, ownerId: user.id, reference: app.reference },
        ctx.requestId,
      );
      return this.view(app);
    });
  }

  /** Assigns a case (to oneself with "me"); a submitted case goes into review with it. */
  async assign(user: AuthUser, id: string, assigneeId: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'read');
      if (!OPEN.includes(app.status)) throw refusedInStatus(app.status, 'assign', ctx.locale);
      const target = assigneeId === 'me' ? user.id : assigneeId.toLowerCase();
      if (target !== user.id) {
        const person = await this.repository.person(target, manager);
        if (!person || !hasStaffRole(person.roles))
          throw new ValidationProblem([{ field: 'assigneeId', message: 'is not a known staff member' }]);
      }
      app.assigneeId = target;
      app.updatedAt = this.clock.now();
      if (app.status === 'submitted') await this.changeStatus(manager, app, 'start_review', user, ctx);
      await this.repository.save(manager, app);
      await this.audit.record(manager, {
        actor: user,
        action: 'application.assigned',
        targetType: 'application',
        targetId: app.id,
        details: { assigneeId: target },
        requestId: ctx.requestId,
      });
      return this.view(app);
    });
  }

  /**
   * submitted → in_review, after the first submission (when nobody took the case with assign) and after
   * every resubmission (API.md): request-info and decide act only on a case in review. An unassigned
   * clerk takes the case with it.
   */
  async startReview(user: AuthUser, id: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'decide');
      if (user.kind === 'user' && app.assigneeId === null) app.assigneeId = user.id;
      this.checkCaseWorker(user, app);
      await this.changeStatus(manager, app, 'start_review', user, ctx);
      await this.repository.save(manager, app);
      await this.audit.record(manager, {
        actor: user,
        action: 'application.review-started',
        targetType: 'application',
        targetId: app.id,
        requestId: ctx.requestId,
      });
      return this.view(app);
    });
  }

  async requestInfo(
    user: AuthUser,
    id: string,
    message: string,
    ctx: RequestContext,
  ): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'decide');
      this.checkCaseWorker(user, app);
      await this.changeStatus(manager, app, 'request_info', user, ctx);
      app.infoRequest = message;
      await this.repository.save(manager, app);
      await this.postMessageIn(manager, app, user, { body: message }, ctx, 'info-request');
      await this.events.publish(
        manager,
        'application.info-requested',
        app.id,
        {
          applicationId: app.id,
          serviceId: app.serviceId,
          ownerId: app.ownerId!,
          reference: app.reference!,
          message,
        },
        ctx.requestId,
      );
      await this.audit.record(manager, {
        actor: user,
        action: 'application.info-requested',
        targetType: 'application',
        targetId: app.id,
        requestId: ctx.requestId,
      });
      return this.view(app);
    });
  }

  async decide(
    user: AuthUser,
    id: string,
    outcome: 'approved' | 'rejected',
    reason: string,
    ctx: RequestContext,
  ): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'decide');
      const action = outcome === 'approved' ? 'approve' : 'reject';
      this.checkCaseWorker(user, app);
      await this.changeStatus(manager, app, action, user, ctx);
      const now = this.clock.now();
      const decidedByRole = decidingRole(user);
      app.decidedAt = now;
      app.decision = { outcome, reason, decidedAt: now.toISOString(), decidedByRole, documentId: null };
      await this.repository.save(manager, app);
      const service = await this.catalogue.findById(app.serviceId, manager);
      const person = app.ownerId ? await this.repository.person(app.ownerId, manager) : null;
      await this.events.publish(
        manager,
        'application.decided',
        app.id,
        {
          applicationId: app.id,
          serviceId: app.serviceId,
          ownerId: app.ownerId!,
          reference: app.reference!,
          outcome,
          reason,
          decidedAt: now.toISOString(),
          decidedByRole,
          serviceName: service?.name ?? { de: '', en: '' },
          applicant: { givenName: person?.givenName ?? '', familyName: person?.familyName ?? '' },
        },
        ctx.requestId,
      );
      await this.audit.record(manager, {
        actor: user,
        action: 'application.decided',
        targetType: 'application',
        targetId: app.id,
        details: { outcome },
        requestId: ctx.requestId,
      });
      return this.view(app);
    });
  }

  async timeline(user: AuthUser, id: string, ctx: RequestContext): Promise<TimelineDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.find(id, manager), 'staff-or-owner');
      await this.auditRead(manager, user, app, 'application.timeline-read', ctx);
      const entries = await this.repository.timeline(app.id);
      return {
        items: entries.map((e) => ({
          at: e.at.toISOString(),
          from: e.fromStatus,
          to: e.toStatus,
          actorRole: e.actorRole,
        })),
        nextCursor: null,
      };
    });
  }

  async messages(
    user: AuthUser,
    id: string,
    query: ListQueryDto,
    ctx: RequestContext,
  ): Promise<MessagePageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const afterId = decodeCursor(query.cursor) ?? undefined;
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.find(id, manager), 'staff-or-owner');
      await this.auditRead(manager, user, app, 'application.messages-read', ctx);
      const rows = await this.repository.messages(app.id, afterId, limit);
      return toPage(rows, limit, (m) => this.messageView(m));
    });
  }

  /** One `documentIds[i]` error per id whose document (as the read model knows it, if at all) is not `usable`. */
  private async unusableDocumentErrors(
    manager: EntityManager,
    documentIds: readonly string[],
    usable: (doc: { ownerId: string; status: string } | undefined, docId: string) => boolean,
    message: string,
  ): Promise<FieldError[]> {
    const docs = await this.repository.documents(documentIds, manager);
    return documentIds.flatMap((docId, i) =>
      usable(docs.get(docId), docId) ? [] : [{ field: `documentIds[${i}]`, message }],
    );
  }

  private messageView(m: MessageEntity): MessageDto {
    return {
      id: m.id,
      fromStaff: m.fromStaff,
      authorRole: m.authorRole,
      body: m.body,
      documentIds: m.documentIds,
      createdAt: m.createdAt.toISOString(),
    };
  }

  async postMessage(
    user: AuthUser,
    id: string,
    dto: PostMessageDto,
    ctx: RequestContext,
  ): Promise<MessageDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.check(user, await this.repository.lock(manager, id), 'staff-or-owner');
      if (app.status === 'draft' || app.ownerId === null) throw messagesRefused(app.status, ctx.locale);
      return this.messageView(await this.postMessageIn(manager, app, user, dto, ctx, 'message'));
    });
  }

  /**
   * Adds a message to the thread. Attachments must be checked (`clean`) documents: the owner's own for
   * the owner; for staff their own uploads or documents of this very case (attached to it or to its
   * thread, or issued for it), never another resident's private upload, which the owner could download
   * once attached. `kind` tells notifications whether the message is an information request's question.
   */
  private async postMessageIn(
    manager: EntityManager,
    app: ApplicationEntity,
    user: AuthUser,
    dto: { body: string; documentIds?: string[] },
    ctx: RequestContext,
    kind: 'message' | 'info-request',
  ): Promise<MessageEntity> {
    const fromStaff = !(user.kind === 'user' && user.id === app.ownerId);
    const documentIds = (dto.documentIds ?? []).map((d) => d.toLowerCase());
    const caseDocuments = fromStaff
      ? await this.repository.caseDocuments(manager, app.id, documentIds)
      : new Set<string>();
    const errors = await this.unusableDocumentErrors(
      manager,
      documentIds,
      (doc, docId) =>
        doc !== undefined &&
        doc.status === 'clean' &&
        (fromStaff ? doc.ownerId === user.id || caseDocuments.has(docId) : doc.ownerId === app.ownerId),
      fromStaff
        ? ctx.locale === 'en'
          ? 'is not a checked document you may attach here (your own upload, or one of this application)'
          : 'ist kein geprüftes Dokument, das Sie hier anhängen dürfen (ein eigenes oder eines dieses Antrags)'
        : ctx.locale === 'en'
          ? 'is not a checked document of yours (it may still be being scanned)'
          : 'ist kein geprüftes Dokument von Ihnen (eventuell läuft die Prüfung noch)',
    );
    if (errors.length > 0) throw new ValidationProblem(errors);
    const message = Object.assign(new MessageEntity(), {
      id: uuidv7(),
      applicationId: app.id,
      authorId: user.id,
      authorRole: actorRoleOf(user),
      fromStaff,
      body: dto.body,
      documentIds,
      createdAt: this.clock.now(),
    });
    await this.repository.insertMessage(manager, message);
    await this.events.publish(
      manager,
      'application.message-posted',
      app.id,
      {
        applicationId: app.id,
        serviceId: app.serviceId,
        ownerId: app.ownerId!,
        messageId: message.id,
        fromStaff,
        documentIds,
        kind,
      },
      ctx.requestId,
    );
    if (fromStaff) {
      await this.audit.record(manager, {
        actor: user,
        action: 'application.message-posted',
        targetType: 'application',
        targetId: app.id,
        details: { messageId: message.id },
        requestId: ctx.requestId,
      });
    }
    return message;
  }
}
