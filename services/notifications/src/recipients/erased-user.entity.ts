import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Ids of deleted accounts (nothing else): events about them that arrive late are ignored instead of
 * creating personal data again.
 */
@Entity({ name: 'erased_users' })
export class ErasedUserEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('timestamptz', { name: 'erased_at', default: () => 'now()' })
  erasedAt!: Date;
}
