import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last feedback request per person, so that nobody is asked more than once a week. */
@Entity({ name: 'feedback_requests' })
export class FeedbackRequestEntity {
  /** `user:<userId>`, or `email:<sha256 of the lower-cased address>` for guests */
  @PrimaryColumn('text', { name: 'person_key' })
  personKey!: string;

  @Column('timestamptz', { name: 'last_requested_at' })
  lastRequestedAt!: Date;

  @Column('text', { name: 'subject_type' })
  subjectType!: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId!: string;
}
