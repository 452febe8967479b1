import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApplicationStatus } from './workflow';

export interface Decision {
  outcome: 'approved' | 'rejected';
  reason: string;
  decidedAt: string;
  decidedByRole: string;
  /** the decision letter issued by the documents service (document.issued) */
  documentId: string | null;
}

@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'service_id' })
  serviceId!: string;

  @Column('uuid', { name: 'form_id' })
  formId!: string;

  @Column('int', { name: 'form_version' })
  formVersion!: number;

  /** null once the case of a deleted account is anonymised */
  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId!: string | null;

  @Column('text')
  status!: ApplicationStatus;

  @Column('jsonb')
  data!: Record<string, unknown>;

  @Column('uuid', { name: 'document_ids', array: true })
  documentIds!: string[];

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column('timestamptz', { name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @Column('timestamptz', { name: 'first_submitted_at', nullable: true })
  firstSubmittedAt!: Date | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  decision!: Decision | null;

  @Column('text', { name: 'info_request', nullable: true })
  infoRequest!: string | null;

  @Column('timestamptz', { name: 'owner_deleted_at', nullable: true })
  ownerDeletedAt!: Date | null;

  @Column('timestamptz', { name: 'anonymised_at', nullable: true })
  anonymisedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'application_transitions' })
export class TransitionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: ApplicationStatus | null;

  @Column('text', { name: 'to_status' })
  toStatus!: ApplicationStatus;

  @Column('text', { name: 'actor_role' })
  actorRole!: string;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;
}

@Entity({ name: 'application_messages' })
export class MessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text', { name: 'author_id', nullable: true })
  authorId!: string | null;

  @Column('text', { name: 'author_role' })
  authorRole!: string;

  @Column('boolean', { name: 'from_staff' })
  fromStaff!: boolean;

  @Column('text')
  body!: string;

  @Column('uuid', { name: 'document_ids', array: true })
  documentIds!: string[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
