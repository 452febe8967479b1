import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { STAFF_ROLES } from '@buergeramt/contracts';
import { DataSource, type EntityManager, In } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ApplicationEntity, MessageEntity, TransitionEntity } from './applications.entities';
import { STATUSES, type ApplicationStatus } from './workflow';

/** `open`: the cases the office is working on (OPEN), whatever their step. */
export type StatusFilter = ApplicationStatus | 'open';
export type AssigneeFilter = { kind: 'none' } | { kind: 'any' } | { kind: 'user'; id: string };

export interface InboxFilter {
  ownerId?: string;
  excludeDrafts?: boolean;
  status?: StatusFilter;
  serviceId?: string;
  assignee?: AssigneeFilter;
  overdueAt?: Date;
  /** only cases with an answer of the resident the office has not acted on since (ANSWER_RECEIVED) */
  answered?: boolean;
  /** newest first (by id), or by due date, soonest first (cases without one last) */
  sort?: 'newest' | 'due';
  /** the last row of the previous page: its id (newest), or its due key and id (due) */
  after?: { id: string; due?: string };
  limit: number;
}

/** The facets of the inbox that `counts` counts: each with the other filters applied, not its own. */
export interface InboxCounts {
  total: number;
  status: Record<StatusFilter, number>;
  assignee: { me: number; none: number; any: number };
  overdue: number;
  answered: number;
  services: { serviceId: string; count: number }[];
}

const OPEN_SQL = `('submitted', 'in_review', 'info_requested')`;

/**
 * "Answer received", in SQL over the case `a`: the case is open (submitted, in review or waiting for
 * information), the office has acted on it at least once, and the resident's latest act is later than the
 * office's latest act. The resident acts by resubmitting after a request for information (a transition
 * info_requested → submitted) or by writing in the case's thread (a message not from staff); the office
 * acts by a status change of staff or a machine client (any actor but the citizen and the system) or by a
 * staff message (a request for information is both). So a resubmission shows as answered until a clerk
 * takes the case into review again (or writes); a resident's message on a case nobody has touched yet is
 * not an answer to anything. Both subqueries walk the (application_id, …) indexes of their tables.
 */
export const ANSWER_RECEIVED_SQL = `(a.status IN ${OPEN_SQL} AND COALESCE(
  GREATEST(
    (SELECT max(m.created_at) FROM application_messages m WHERE m.application_id = a.id AND NOT m.from_staff),
    (SELECT max(t.at) FROM application_transitions t WHERE t.application_id = a.id
       AND t.from_status = 'info_requested' AND t.to_status = 'submitted')
  ) > GREATEST(
    (SELECT max(m.created_at) FROM application_messages m WHERE m.application_id = a.id AND m.from_staff),
    (SELECT max(t.at) FROM application_transitions t WHERE t.application_id = a.id
       AND t.actor_role NOT IN ('citizen', 'system'))
  ), false))`;

/** Waiting on the office past the due date (the overdue filter and badge). */
const OVERDUE_SQL = (now: string): string => `(a.status IN ('submitted', 'in_review') AND a.due_at < ${now})`;

/** The sort key of the due-date order: cases without a due date (withdrawn drafts) come last. */
const DUE_KEY_SQL = `COALESCE(a.due_at, 'infinity'::timestamptz)`;

type Facet = 'status' | 'service' | 'assignee' | 'overdue' | 'answered';

/** The filter's conditions on `a`, one per facet, with their parameters numbered into `params`. */
function facetConditions(
  filter: Omit<InboxFilter, 'limit'>,
  params: unknown[],
): Partial<Record<Facet, string>> {
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const c: Partial<Record<Facet, string>> = {};
  if (filter.status === 'open') c.status = `a.status IN ${OPEN_SQL}`;
  else if (filter.status) c.status = `a.status = ${p(filter.status)}`;
  if (filter.serviceId) c.service = `a.service_id = ${p(filter.serviceId)}`;
  if (filter.assignee?.kind === 'none') c.assignee = 'a.assignee_id IS NULL';
  else if (filter.assignee?.kind === 'any') c.assignee = 'a.assignee_id IS NOT NULL';
  else if (filter.assignee?.kind === 'user') c.assignee = `a.assignee_id = ${p(filter.assignee.id)}`;
  if (filter.overdueAt) c.overdue = OVERDUE_SQL(p(filter.overdueAt));
  if (filter.answered) c.answered = ANSWER_RECEIVED_SQL;
  return c;
}

@Injectable()
export class ApplicationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  find(id: string, manager?: EntityManager): Promise<ApplicationEntity | null> {
    return this.m(manager).getRepository(ApplicationEntity).findOneBy({ id });
  }

  /** The application, row-locked for the rest of the transaction. */
  lock(manager: EntityManager, id: string): Promise<ApplicationEntity | null> {
    return manager
      .getRepository(ApplicationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    await manager.insert(ApplicationEntity, application as never);
  }

  /**
   * Writes a row read with `lock` back, every column in one UPDATE (TypeORM's `save` would read the row
   * again first to find what changed: one round trip more on every autosave).
   */
  async save(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    const { id, ...columns } = application;
    // jsonb columns (data, decision) are written as JSON; the deep-partial type does not know that
    const result = await manager.update(ApplicationEntity, { id }, columns as never);
    if (result.affected !== 1) throw new Error(`application ${id} to save is not there`);
  }

  /**
   * The autosave of new form data in one statement, without a transaction: sets `data` and `updated_at`
   * of the application if `ownerId` owns it and its status is one of `editable`, and returns it as saved;
   * null when nothing matched (not there, not theirs, not editable: the caller's full path says which).
   */
  async saveDataIfEditable(
    id: string,
    ownerId: string,
    data: Record<string, unknown>,
    at: Date,
    editable: readonly ApplicationStatus[],
  ): Promise<ApplicationEntity | null> {
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(
      `WITH saved AS (
         UPDATE applications SET data = $1, updated_at = $2
         WHERE id = $3 AND owner_id = $4 AND status = ANY($5::text[])
         RETURNING *)
       SELECT * FROM saved`,
      [JSON.stringify(data), at, id, ownerId, editable],
    );
    if (!row) return null;
    // the row as TypeORM would map it (pg has parsed jsonb, uuid[], timestamptz already)
    const metadata = this.dataSource.getMetadata(ApplicationEntity);
    const application = metadata.create() as ApplicationEntity;
    for (const column of metadata.columns) column.setEntityValue(application, row[column.databaseName]);
    return application;
  }

  /** Removes the application; its timeline and messages go with it (ON DELETE CASCADE). */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(ApplicationEntity, { id });
  }

  async addTransition(manager: EntityManager, entry: Omit<TransitionEntity, 'id'>): Promise<void> {
    await manager.insert(TransitionEntity, { id: uuidv7(), ...entry });
  }

  timeline(applicationId: string): Promise<TransitionEntity[]> {
    return this.dataSource
      .getRepository(TransitionEntity)
      .find({ where: { applicationId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /**
   * The next reference number of `year`, without gaps or duplicates: the counter row is locked until the
   * submitting transaction ends, and a rollback gives the number back.
   */
  async nextReferenceNumber(manager: EntityManager, year: number): Promise<number> {
    const [row] = await manager.query<{ last: number }[]>(
      `INSERT INTO reference_counters (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1
       RETURNING last`,
      [year],
    );
    if (!row) throw new Error('reference counter returned nothing');
    return row.last;
  }

  /** A page of the list (`limit + 1` rows: the extra one says that more exist), in the filter's order. */
  async list(filter: InboxFilter): Promise<ApplicationEntity[]> {
    const params: unknown[] = [];
    const where = Object.values(facetConditions(filter, params));
    if (filter.ownerId !== undefined) where.push(`a.owner_id = $${params.push(filter.ownerId)}`);
    if (filter.excludeDrafts) where.push(`a.status <> 'draft'`);
    const due = filter.sort === 'due';
    if (filter.after) {
      const id = `$${params.push(filter.after.id)}`;
      where.push(
        due
          ? `(${DUE_KEY_SQL}, a.id) > ($${params.push(filter.after.due ?? 'infinity')}::timestamptz, ${id}::uuid)`
          : `a.id < ${id}`,
      );
    }
    const ids = await this.dataSource.query<{ id: string }[]>(
      `SELECT a.id FROM applications a
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${due ? `${DUE_KEY_SQL} ASC, a.id ASC` : 'a.id DESC'}
       LIMIT $${params.push(filter.limit + 1)}`,
      params,
    );
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(ApplicationEntity)
      .findBy({ id: In(ids.map((r) => r.id)) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((r) => byId.get(r.id) ?? []);
  }

  /** Which of `ids` have an answer of the resident the office has not acted on yet (ANSWER_RECEIVED_SQL). */
  async answered(ids: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.m(manager).query<{ id: string }[]>(
      `SELECT a.id FROM applications a WHERE a.id = ANY ($1::uuid[]) AND ${ANSWER_RECEIVED_SQL}`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The inbox's counts in one statement: for every facet value, how many (non-draft) cases the list would
   * show with that value chosen and the other filters kept (a facet's own choice is left out, so the
   * numbers say what choosing another value would give). `meId` is who "assigned to me" means.
   */
  async counts(
    filter: Omit<InboxFilter, 'limit' | 'sort' | 'after'>,
    meId: string,
    now: Date,
  ): Promise<InboxCounts> {
    const params: unknown[] = [];
    const conditions = facetConditions(filter, params);
    const except = (facet?: Facet): string =>
      Object.entries(conditions)
        .filter(([name]) => name !== facet)
        .map(([, sql]) => sql)
        .join(' AND ') || 'TRUE';
    const me = `$${params.push(meId)}`;
    const at = `$${params.push(now)}`;
    const statusCounts = STATUSES.filter((s) => s !== 'draft').map(
      (s) => `'${s}', count(*) FILTER (WHERE ${except('status')} AND a.status = '${s}')`,
    );
    const [row] = await this.dataSource.query<
      {
        total: number;
        status: Record<StatusFilter, number>;
        me: number;
        none: number;
        any: number;
        overdue: number;
        answered: number;
        services: { serviceId: string; count: number }[] | null;
      }[]
    >(
      `WITH c AS (SELECT a.* FROM applications a WHERE a.status <> 'draft')
       SELECT
         count(*) FILTER (WHERE ${except()})::int AS total,
         jsonb_build_object(
           'open', count(*) FILTER (WHERE ${except('status')} AND a.status IN ${OPEN_SQL}),
           ${statusCounts.join(', ')}
         ) AS status,
         count(*) FILTER (WHERE ${except('assignee')} AND a.assignee_id = ${me})::int AS me,
         count(*) FILTER (WHERE ${except('assignee')} AND a.assignee_id IS NULL)::int AS none,
         count(*) FILTER (WHERE ${except('assignee')} AND a.assignee_id IS NOT NULL)::int AS any,
         count(*) FILTER (WHERE ${except('overdue')} AND ${OVERDUE_SQL(at)})::int AS overdue,
         count(*) FILTER (WHERE ${except('answered')} AND ${ANSWER_RECEIVED_SQL})::int AS answered,
         (SELECT jsonb_agg(jsonb_build_object('serviceId', s.service_id, 'count', s.n) ORDER BY s.service_id)
            FROM (SELECT a.service_id, count(*)::int AS n FROM c a WHERE ${except('service')}
                  GROUP BY a.service_id) s) AS services
       FROM c a`,
      params,
    );
    if (!row) throw new Error('counts returned nothing');
    return {
      total: row.total,
      status: row.status,
      assignee: { me: row.me, none: row.none, any: row.any },
      overdue: row.overdue,
      answered: row.answered,
      services: row.services ?? [],
    };
  }

  /** The audit trail of a case, oldest first, with the actor's name where the read model knows it. */
  audit(
    applicationId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<
    {
      id: string;
      at: Date;
      action: string;
      actor_type: string;
      actor_role: string | null;
      actor_id: string | null;
      given_name: string | null;
      family_name: string | null;
      details: Record<string, unknown>;
    }[]
  > {
    return this.dataSource.query(
      `SELECT l.id, l.at, l.action, l.actor_type, l.actor_role, l.actor_id, p.given_name, p.family_name, l.details
       FROM audit_log l LEFT JOIN people p ON l.actor_type = 'user' AND p.user_id::text = l.actor_id
       WHERE l.target_type = 'application' AND l.target_id = $1 AND ($2::uuid IS NULL OR l.id > $2::uuid)
       ORDER BY l.id ASC LIMIT $3`,
      [applicationId, afterId ?? null, limit + 1],
    );
  }

  /** The staff people may assign cases to: everybody the read model knows with a staff role, by name. */
  staff(): Promise<{ user_id: string; given_name: string; family_name: string; roles: string[] }[]> {
    return this.dataSource.query(
      `SELECT user_id, given_name, family_name, roles FROM people
       WHERE roles && $1::text[] ORDER BY family_name, given_name, user_id`,
      [STAFF_ROLES],
    );
  }

  async insertMessage(manager: EntityManager, message: MessageEntity): Promise<void> {
    await manager.insert(MessageEntity, message);
  }

  messages(applicationId: string, afterId: string | undefined, limit: number): Promise<MessageEntity[]> {
    const qb = this.dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('m.application_id = :applicationId', { applicationId });
    if (afterId) qb.andWhere('m.id > :after', { after: afterId });
    return qb
      .orderBy('m.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  /**
   * Which of `documentIds` belong to the case: attached to the application, attached to a message of its
   * thread, or issued for it (the decision letter).
   */
  async caseDocuments(
    manager: EntityManager,
    applicationId: string,
    documentIds: readonly string[],
  ): Promise<Set<string>> {
    if (documentIds.length === 0) return new Set();
    const rows = await manager.query<{ id: string }[]>(
      `SELECT c.id FROM unnest($2::uuid[]) AS c (id)
       WHERE c.id = ANY (SELECT unnest(document_ids) FROM applications WHERE id = $1)
          OR EXISTS (SELECT 1 FROM application_messages m
                     WHERE m.application_id = $1 AND c.id = ANY (m.document_ids))
          OR EXISTS (SELECT 1 FROM known_documents k WHERE k.document_id = c.id AND k.application_id = $1)`,
      [applicationId, documentIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Documents of the read model among `ids`: owner and status. */
  async documents(
    ids: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, { ownerId: string; status: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.m(manager).query<{ document_id: string; owner_id: string; status: string }[]>(
      `SELECT document_id, owner_id, status FROM known_documents WHERE document_id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.document_id, { ownerId: r.owner_id, status: r.status }]));
  }

  async person(
    userId: string,
    manager?: EntityManager,
  ): Promise<{ givenName: string; familyName: string; roles: string[] } | null> {
    const [row] = await this.m(manager).query<{ given_name: string; family_name: string; roles: string[] }[]>(
      `SELECT given_name, family_name, roles FROM people WHERE user_id = $1`,
      [userId],
    );
    return row ? { givenName: row.given_name, familyName: row.family_name, roles: row.roles } : null;
  }
}
