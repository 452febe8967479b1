import {
  type AuthUser,
  Clock,
  decodeCursor,
  DEFAULT_LIMIT,
  type FieldError,
  type ListQueryDto,
  toPage,
  ValidationProblem,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { actorRoleOf } from '../common/actor';
import { EventPublisher } from '../webhooks/webhook-fanout';
import { ApplicationAccess } from './application-access';
import { type ApplicationEntity, MessageEntity } from './applications.entities';
import { ApplicationsRepository } from './applications.repository';
import type { RequestContext } from './applications.service';
import type { MessageDto, MessagePageDto, PostMessageDto, TimelineDto } from './dto/applications.dto';
import { messagesRefused } from './workflow-problems';

/** A case's history and its message thread (with attachments), for the applicant and the office. */
@Injectable()
export class CaseMessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ApplicationsRepository,
    private readonly access: ApplicationAccess,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async timeline(user: AuthUser, id: string, ctx: RequestContext): Promise<TimelineDto> {
    return this.dataSource.transaction(async (manager) => {
      const app = this.access.check(user, await this.repository.find(id, manager), 'staff-or-owner');
      await this.access.auditRead(manager, user, app, 'application.timeline-read', ctx);
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
      const app = this.access.check(user, await this.repository.find(id, manager), 'staff-or-owner');
      await this.access.auditRead(manager, user, app, 'application.messages-read', ctx);
      const rows = await this.repository.messages(app.id, afterId, limit);
      return toPage(rows, limit, (m) => this.messageView(m));
    });
  }

  /** One `documentIds[i]` error per id whose document (as the read model knows it, if at all) is not `usable`. */
  async unusableDocumentErrors(
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
      const app = this.access.check(user, await this.repository.lock(manager, id), 'staff-or-owner');
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
  async postMessageIn(
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
