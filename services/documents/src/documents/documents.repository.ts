import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DocumentEntity } from './document.entity';

/** Queries of documents and their links to applications (the read model of applications). */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<DocumentEntity | null> {
    return this.manager(manager).findOneBy(DocumentEntity, { id });
  }

  /** The owner's documents, newest first, after `cursor` (an id), `limit + 1` rows. */
  listOwned(ownerId: string, limit: number, cursor: string | null): Promise<DocumentEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .where('d.owner_id = :ownerId', { ownerId })
      .orderBy('d.id', 'DESC')
      .take(limit + 1);
    if (cursor) query.andWhere('d.id < :cursor', { cursor });
    return query.getMany();
  }

  /**
   * Whether staff may see the document: it belongs to an application that was submitted (or is the
   * decision letter of one). Citizens' own links count only when the application's owner owns the file.
   */
  async linkedToSubmittedApplication(document: DocumentEntity): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM application_documents l
         JOIN applications a ON a.id = l.application_id
        WHERE l.document_id = $1 AND a.submitted_at IS NOT NULL
          AND (l.from_staff OR a.owner_id = $2)
       UNION ALL
       SELECT 1 FROM applications a WHERE a.id = $3 AND $4 = 'issued'
       LIMIT 1`,
      [document.id, document.ownerId, document.applicationId, document.kind],
    );
    return rows.length > 0;
  }

  /** Whether `userId` owns an application the document was posted to by staff (a clerk's attachment). */
  async postedByStaffTo(documentId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM application_documents l JOIN applications a ON a.id = l.application_id
        WHERE l.document_id = $1 AND l.from_staff AND a.owner_id = $2 LIMIT 1`,
      [documentId, userId],
    );
    return rows.length > 0;
  }

  /** References of submitted applications not yet closed that the document belongs to. */
  async openApplicationsOf(documentId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { reference: string | null; id: string }[] = await this.manager(manager).query(
      `SELECT a.id, a.reference FROM application_documents l JOIN applications a ON a.id = l.application_id
        WHERE l.document_id = $1 AND a.submitted_at IS NOT NULL AND a.closed_at IS NULL`,
      [documentId],
    );
    return rows.map((row) => row.reference ?? row.id);
  }
}
