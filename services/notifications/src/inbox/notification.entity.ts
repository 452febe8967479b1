import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MailKind } from '../templates/mail-kinds';

/**
 * An entry of a person's in-app inbox. Title and body are rendered when read, in the reader's language,
 * from `type` and `params` (which never hold tokens).
 */
@Entity({ name: 'notifications' })
@Index('notifications_user_idx', ['userId', 'id'])
export class NotificationEntity {
  /** UUIDv7: the list is ordered by it, newest first */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text', { name: 'dedupe_key', unique: true })
  dedupeKey!: string;

  @Column('text')
  type!: MailKind;

  @Column('jsonb')
  params!: Record<string, unknown>;

  /** path below PUBLIC_BASE_URL (the case or the appointment), or null */
  @Column('text', { nullable: true })
  link!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt!: Date | null;
}
