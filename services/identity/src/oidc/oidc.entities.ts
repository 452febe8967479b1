import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An account's link to a subject at an OpenID Connect provider. */
@Entity({ name: 'federated_identities' })
export class FederatedIdentityEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  provider!: string;

  @Column('text')
  subject!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;
}

/** A federated login in progress: the state (hashed), nonce and PKCE verifier its callback is checked against. */
@Entity({ name: 'oidc_login_states' })
export class OidcLoginStateEntity {
  @PrimaryColumn('text', { name: 'state_hash' })
  stateHash!: string;

  @Column('text')
  provider!: string;

  @Column('text')
  nonce!: string;

  @Column('text', { name: 'code_verifier' })
  codeVerifier!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
