import { hasStaffRole, type Locale } from '@buergeramt/contracts';
import { type AuthUser, type FieldError, ValidationProblem, Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { FormValidator } from '../catalogue/form-validator';
import { actorRoleOf, decidingRole } from '../common/actor';
import { ApplicationsProblem } from '../common/problems';
import { ApplicationsConfig } from '../config';
import { EventPublisher } from '../webhooks/webhook-fanout';
import { type ApplicationEntity } from './applications.entities';
import { ApplicationsRepository } from './applications.repository';
import type { ApplicationDto, CreateApplicationDto, UpdateApplicationDto } from './dto/applications.dto';
import { ApplicationAccess } from './application-access';
import { CaseMessagesService } from './case-messages.service';
import { IdempotencyKeys, type StoredResponse } from './idempotency';
import { EDITABLE, OPEN, transition, type ApplicationStatus, type WorkflowAction } from './workflow';
import { refusedInStatus } from './workflow-problems';
import { WorkingDays } from './working-days';

export interface RequestContext {
  requestId: string;
  locale: Locale;
}

/** What `submit` did: the (first) answer, and whether it is the stored answer of an earlier request. */
export interface SubmitResult {
  response: StoredResponse;
  /** true when an Idempotency-Key replayed the first answer (`Idempotent-Replayed: true`) */
  replayed: boolean;
}

/**
 * The case workflow: drafts, submission, review, information loop, decision, withdrawal (the lists:
 * CaseInboxService; history and messages: CaseMessagesService; who may do what: ApplicationAccess).
 */
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
    private readonly access: ApplicationAccess,
    private readonly caseMessages: CaseMessagesService,
  ) {
    this.workingDays = new WorkingDays(config.HOLIDAY_STATE);
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
    return this.access.view(app);
  }

  async get(user: AuthUser, id: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.find(id, manager), 'read');
      await this.access.auditRead(manager, user, app, 'application.read', ctx);
      if (app.ownerId !== null && user.kind === 'user' && app.ownerId === user.id)
        return this.access.view(app);
      const answered = await this.repository.answered([app.id], manager);
      return { ...this.access.view(app), answerReceived: answered.has(app.id) };
    });
  }

  /** Autosave of a draft (or of a case sent back for information): partial data is fine here. */
  async update(
    user: AuthUser,
    id: string,
    dto: UpdateApplicationDto,
    locale: Locale,
  ): Promise<ApplicationDto> {
    // the usual autosave (new data only, by the applicant): one statement; anything else, or a refusal,
    // takes the full path below, which also says why (404, 409)
    if (user.kind === 'user' && dto.data !== undefined && dto.documentIds === undefined) {
      const saved = await this.repository.saveDataIfEditable(
        id,
        user.id,
        dto.data,
        this.clock.now(),
        EDITABLE,
      );
      if (saved) return this.access.view(saved);
    }
    return this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.lock(manager, id), 'owner');
      if (!EDITABLE.includes(app.status)) throw refusedInStatus(app.status, 'edit', locale);
      if (dto.documentIds !== undefined) {
        const documentIds = dto.documentIds.map((d) => d.toLowerCase());
        const errors = await this.caseMessages.unusableDocumentErrors(
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
      return this.access.view(app);
    });
  }

  /**
   * The owner deletes a draft (nothing was sent, so nothing is kept: no event, no audit entry); a
   * submitted application is withdrawn instead (409).
   */
  async deleteDraft(user: AuthUser, id: string, locale: Locale): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.lock(manager, id), 'owner');
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
      const app = this.access.check(user, await this.repository.lock(manager, id), 'owner');
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
      const response: StoredResponse = { statusCode: 200, body: this.access.view(app) };
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
    const errors = await this.caseMessages.unusableDocumentErrors(
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
      const app = this.access.check(user, await this.repository.lock(manager, id), 'owner');
      await this.changeStatus(manager, app, 'withdraw', user, ctx);
      await this.repository.save(manager, app);
      await this.events.publish(
        manager,
        'application.withdrawn',
        app.id,
        { applicationId: app.id, serviceId: app.serviceId, ownerId: user.id, reference: app.reference },
        ctx.requestId,
      );
      return this.access.view(app);
    });
  }

  /** Assigns a case (to oneself with "me"); a submitted case goes into review with it. */
  async assign(user: AuthUser, id: string, assigneeId: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.lock(manager, id), 'read');
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
      return this.access.view(app);
    });
  }

  /**
   * submitted → in_review, after the first submission (when nobody took the case with assign) and after
   * every resubmission (API.md): request-info and decide act only on a case in review. An unassigned
   * clerk takes the case with it.
   */
  async startReview(user: AuthUser, id: string, ctx: RequestContext): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.lock(manager, id), 'decide');
      if (user.kind === 'user' && app.assigneeId === null) app.assigneeId = user.id;
      this.access.checkCaseWorker(user, app);
      await this.changeStatus(manager, app, 'start_review', user, ctx);
      await this.repository.save(manager, app);
      await this.audit.record(manager, {
        actor: user,
        action: 'application.review-started',
        targetType: 'application',
        targetId: app.id,
        requestId: ctx.requestId,
      });
      return this.access.view(app);
    });
  }

  async requestInfo(
    user: AuthUser,
    id: string,
    message: string,
    ctx: RequestContext,
  ): Promise<ApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.lock(manager, id), 'decide');
      this.access.checkCaseWorker(user, app);
      await this.changeStatus(manager, app, 'request_info', user, ctx);
      app.infoRequest = message;
      await this.repository.save(manager, app);
      await this.caseMessages.postMessageIn(manager, app, user, { body: message }, ctx, 'info-request');
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
      return this.access.view(app);
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
      const app = this.access.check(user, await this.repository.lock(manager, id), 'decide');
      const action = outcome === 'approved' ? 'approve' : 'reject';
      this.access.checkCaseWorker(user, app);
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
      return this.access.view(app);
    });
  }
}
