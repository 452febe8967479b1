import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One staff read of personal data or one change. Append-only: the database refuses UPDATE, DELETE, TRUNCATE. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  /** user id, client id, or null for the system (events, jobs) */
  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text', { name: 'actor_type' })
  actorType!: 'user' | 'client' | 'system';

  @Column('text')
  action!: string;

  @Column('text', { name: 'document_id', nullable: true })
  documentId!: string | null;

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;
}
