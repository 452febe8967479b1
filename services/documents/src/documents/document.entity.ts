import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentKind = 'upload' | 'issued';
export type DocumentStatus = 'pending_scan' | 'clean' | 'rejected';

/** A file the service holds: a citizen's upload or a document the city issued. */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** the citizen the document belongs to; null once their account was deleted (issued documents only) */
  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId!: string | null;

  @Column('text')
  kind!: DocumentKind;

  /** the client's file name, sanitised; metadata only, never a storage path */
  @Column('text')
  filename!: string;

  /** decided by the content's magic bytes */
  @Column('text', { name: 'media_type' })
  mediaType!: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  /** hex SHA-256 of the plaintext file */
  @Column('text')
  sha256!: string;

  @Column('text')
  status!: DocumentStatus;

  @Column('text', { name: 'storage_key' })
  storageKey!: string;

  /** id of the key the stored file is encrypted with */
  @Column('text', { name: 'key_id' })
  keyId!: string;

  /** issued documents: the application they decide */
  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('text', { name: 'verification_code', nullable: true })
  verificationCode!: string | null;

  /** issued documents: Ed25519 signature (base64) of the file's SHA-256 */
  @Column('text', { nullable: true })
  signature!: string | null;

  @Column('text', { name: 'signing_key_id', nullable: true })
  signingKeyId!: string | null;

  /** what the issued document is (e.g. `decision-letter`) */
  @Column('text', { name: 'document_type', nullable: true })
  documentType!: string | null;

  @Column('boolean', { default: false })
  demo!: boolean;

  @Column('timestamptz', { name: 'owner_deleted_at', nullable: true })
  ownerDeletedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
