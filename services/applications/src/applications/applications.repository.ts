import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ApplicationEntity, MessageEntity, TransitionEntity } from './applications.entities';
import type { ApplicationStatus } from './workflow';

export interface InboxFilter {
  ownerId?: string;
  excludeDrafts?: boolean;
  status?: ApplicationStatus;
  serviceId?: string;
  assignee?: { kind: 'none' } | { kind: 'user'; id: string };
  overdueAt?: Date;
  beforeId?: string;
  limit: number;
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

  async save(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    await manager.save(ApplicationEntity, application);
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

  list(filter: InboxFilter): Promise<ApplicationEntity[]> {
    const qb = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('a');
    if (filter.ownerId !== undefined) qb.andWhere('a.owner_id = :owner', { owner: filter.ownerId });
    if (filter.excludeDrafts) qb.andWhere(`a.status <> 'draft'`);
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.serviceId) qb.andWhere('a.service_id = :serviceId', { serviceId: filter.serviceId });
    if (filter.assignee?.kind === 'none') qb.andWhere('a.assignee_id IS NULL');
    if (filter.assignee?.kind === 'user')
      qb.andWhere('a.assignee_id = :assignee', { assignee: filter.assignee.id });
    if (filter.overdueAt)
      qb.andWhere(`a.status IN ('submitted', 'in_review') AND a.due_at < :now`, { now: filter.overdueAt });
    if (filter.beforeId) qb.andWhere('a.id < :before', { before: filter.beforeId });
    return qb
      .orderBy('a.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
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
