import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An ES256 key pair access tokens are signed with. The private key is sealed (AES-256-GCM, aad = kid). */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn('text')
  kid!: string;

  @Column('text')
  alg!: string;

  /** the public JWK as published in the JWKS */
  @Column('jsonb', { name: 'public_jwk' })
  publicJwk!: Record<string, unknown>;

  /** PKCS#8 PEM, sealed */
  @Column('text', { name: 'private_key' })
  privateKey!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** when a newer key took over; it stays published until every token it signed has expired */
  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt!: Date | null;
}
