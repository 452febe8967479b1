import { isStaffRole } from '@buergeramt/contracts';
import {
  type AuthUser,
  Clock,
  decodeCursor,
  decodeKeyedCursor,
  DEFAULT_LIMIT,
  forbidden,
  isStaff,
  type ListQueryDto,
  notACursor,
  toKeyedPage,
  toPage,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isClientWith } from '../common/actor';
import { ApplicationAccess } from './application-access';
import type { ApplicationEntity } from './applications.entities';
import { type AssigneeFilter, ApplicationsRepository, type InboxFilter } from './applications.repository';
import type { RequestContext } from './applications.service';
import type {
  ApplicationDto,
  ApplicationListQueryDto,
  ApplicationPageDto,
  AuditPageDto,
  InboxCountsDto,
  InboxFilterQueryDto,
  StaffListDto,
} from './dto/applications.dto';

/** The name in the cursors of the list by due date. */
const DUE_CURSOR = 'applications-by-due';

/** The lists of cases: a resident's own, the office's inbox with its counts, a case's audit trail, the staff. */
@Injectable()
export class CaseInboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ApplicationsRepository,
    private readonly access: ApplicationAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

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
      answered ? { ...this.access.view(a), answerReceived: answered.has(a.id) } : this.access.view(a);
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
    const app = this.access.check(user, await this.repository.find(id), 'read');
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
}
