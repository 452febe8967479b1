import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One read of personal data by staff, or one change. Append-only: the database refuses UPDATE and DELETE. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text', { name: 'actor_type' })
  actorType!: 'user' | 'client' | 'guest' | 'system';

  @Column('text')
  action!: string;

  @Column('text', { name: 'target_type' })
  targetType!: string;

  @Column('text', { name: 'target_id', nullable: true })
  targetId!: string | null;

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;
}
