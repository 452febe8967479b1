import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Read model of an application, learned from the applications service's events (never by calling it):
 * who owns it, whether it has been submitted and when it was closed. Staff access and retention follow it.
 */
@Entity({ name: 'applications' })
export class ApplicationCaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId!: string | null;

  @Column('uuid', { name: 'service_id' })
  serviceId!: string;

  /** the last status learned (submitted, in_review, info_requested, approved, rejected, withdrawn) */
  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  /** set when decided or withdrawn: the retention of its uploads counts from here */
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** occurredAt of the newest event applied, so an older event arriving late changes nothing */
  @Column('timestamptz', { name: 'last_event_at' })
  lastEventAt!: Date;
}

/** Which documents belong to which application (from submissions and the case's messages). */
@Entity({ name: 'application_documents' })
export class ApplicationDocumentEntity {
  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  @PrimaryColumn('uuid', { name: 'document_id' })
  documentId!: string;

  /** attached by staff to a message of the case: the application's owner may read it too */
  @Column('boolean', { name: 'from_staff', default: false })
  fromStaff!: boolean;
}
