import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One entry of a service's append-only `audit_log` (its own schema; the service's migration creates the
 * table and the trigger that refuses UPDATE, DELETE and TRUNCATE). Every service's log has these columns
 * (one table shape, decision §35).
 */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  /** user id, client id, or null for the system and for guests */
  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text', { name: 'actor_type' })
  actorType!: AuditActorType;

  /** the actor's role when it acted (highest staff role, `citizen`, `client`, `system`, `guest`); null if unknown */
  @Column('text', { name: 'actor_role', nullable: true })
  actorRole!: string | null;

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

export type AuditActorType = 'user' | 'client' | 'system' | 'guest';
