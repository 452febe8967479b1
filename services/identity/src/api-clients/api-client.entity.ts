import type { Scope } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A machine client (OAuth 2.0 client credentials). Its secret is stored as a SHA-256 only. */
@Entity({ name: 'api_clients' })
export class ApiClientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** the public `client_id` */
  @Column('text', { name: 'client_id' })
  clientId!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'secret_hash' })
  secretHash!: string;

  @Column('text', { array: true })
  scopes!: Scope[];

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
