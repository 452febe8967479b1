import { OutboxPublisher } from '@buergeramt/messaging';
import {
  type AuthUser,
  clientHasAllScopes,
  isStaff,
  decodeCursor,
  DEFAULT_LIMIT,
  toPage,
  Clock,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { DocumentsProblem } from '../common/documents.errors';
import { DocumentsConfig } from '../config';
import { type ScanJobData, scanJobId } from '../queues/queue-names';
import { StoredFileNotFound } from '../storage/storage-driver';
import { StorageService } from '../storage/storage.service';
import { sanitizeFilename, withTypeExtension } from '../uploads/filename';
import { FileTooLargeError, UnsupportedMediaTypeError, UploadInspector } from '../uploads/inspector';
import { brokenUploadProblem, receiveFile, UploadBrokenError, type UploadBody } from '../uploads/upload-body';
import { DocumentEntity, type DocumentStatus } from './document.entity';
import { DocumentsRepository } from './documents.repository';
import type { DocumentDto } from './dto/document.dto';

/** Multipart framing around the file (boundaries, part headers) tolerated above UPLOAD_MAX_BYTES. */
const MULTIPART_OVERHEAD = 64 * 1024;

export type AccessRole = 'owner' | 'staff' | 'client' | 'recipient';

export function toDto(document: DocumentEntity): DocumentDto {
  const dto: DocumentDto = {
    id: document.id,
    filename: withTypeExtension(document.filename, document.mediaType),
    mediaType: document.mediaType,
    size: document.size,
    sha256: document.sha256,
    status: document.status,
    kind: document.kind,
    createdAt: document.createdAt.toISOString(),
  };
  if (document.kind === 'issued') {
    dto.applicationId = document.applicationId ?? undefined;
    dto.verificationCode = document.verificationCode ?? undefined;
  }
  return dto;
}

/** Uploads, reads and deletes of documents, with the access rules of API.md. */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: DocumentsConfig,
    private readonly documents: DocumentsRepository,
    private readonly storage: StorageService,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  get scanning(): boolean {
    return this.config.CLAMAV_URL !== undefined;
  }

  /**
   * Streams the multipart field `file` through type sniffing, hashing and encryption into storage: no
   * step holds more than the first 4 KB and one 64 KB chunk of it. A body that breaks (the client goes
   * away, stalls for UPLOAD_IDLE_TIMEOUT_MS, or ends without its closing boundary) leaves nothing behind:
   * the part file is removed, its descriptor closed, and no row is written.
   */
  async upload(user: AuthUser, request: FastifyRequest, requestId: string): Promise<DocumentDto> {
    const max = this.config.UPLOAD_MAX_BYTES;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > max + MULTIPART_OVERHEAD) {
      throw new DocumentsProblem('file-too-large', `Files may have at most ${max} bytes.`);
    }
    if (!request.isMultipart()) {
      throw new DocumentsProblem(
        'unsupported-media-type',
        'Send the file as multipart/form-data in the field "file".',
      );
    }
    const { part, body } = await receiveFile(request, this.config.UPLOAD_IDLE_TIMEOUT_MS);
    try {
      return await this.store(user, part, body, requestId);
    } finally {
      body.dispose();
    }
  }

  private async store(
    user: AuthUser,
    part: MultipartFile,
    body: UploadBody,
    requestId: string,
  ): Promise<DocumentDto> {
    const max = this.config.UPLOAD_MAX_BYTES;
    const id = uuidv7();
    const storageKey = `uploads/${id}`;
    const inspector = new UploadInspector(max);
    let keyId: string;
    try {
      ({ keyId } = await this.storeFrom(part.file, inspector, storageKey, body));
    } catch (error) {
      const explained = body.explain(error);
      if (explained instanceof UploadBrokenError) throw brokenUploadProblem(explained);
      if (error instanceof FileTooLargeError || part.file.truncated) {
        throw new DocumentsProblem('file-too-large', `Files may have at most ${max} bytes.`);
      }
      if (error instanceof UnsupportedMediaTypeError) throw new DocumentsProblem('unsupported-media-type');
      throw error;
    }
    if (part.file.truncated) {
      await this.storage.delete(storageKey);
      throw new DocumentsProblem('file-too-large', `Files may have at most ${max} bytes.`);
    }
    try {
      // the file is stored; the rest of the body (the closing boundary) must arrive too
      await body.finish();
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      const explained = body.explain(error);
      throw explained instanceof UploadBrokenError ? brokenUploadProblem(explained) : error;
    }

    const mediaType = inspector.mediaType!;
    const now = this.clock.now();
    const document: DocumentEntity = Object.assign(new DocumentEntity(), {
      id,
      ownerId: user.id,
      kind: 'upload',
      filename: sanitizeFilename(part.filename, mediaType),
      mediaType,
      size: inspector.size,
      sha256: inspector.sha256,
      status: (this.scanning ? 'pending_scan' : 'clean') satisfies DocumentStatus,
      storageKey,
      keyId,
      applicationId: null,
      verificationCode: null,
      signature: null,
      signingKeyId: null,
      documentType: null,
      demo: false,
      ownerDeletedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(DocumentEntity, document);
        await this.audit.record(manager, {
          actor: user,
          action: 'document.uploaded',
          documentId: id,
          details: { mediaType, size: document.size, sha256: document.sha256 },
          requestId,
        });
        await this.publishStatus(manager, document, requestId);
        if (this.scanning) await this.enqueueScan(manager, id);
      });
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
    return toDto(document);
  }

  /**
   * Pipes the request's file through the inspector into storage. When the file part does not end
   * properly (client gone, body cut off or stalled) or the inspector refuses it, the storage write is torn
   * down and awaited (its part file removed, its descriptor closed) before this rejects; the rest of a
   * refused body is read and discarded (bounded by the parser's limit).
   */
  private async storeFrom(
    file: Readable,
    inspector: UploadInspector,
    storageKey: string,
    body: UploadBody,
  ): Promise<{ keyId: string }> {
    const storing = this.storage.put(storageKey, inspector);
    storing.catch(() => undefined);
    file.pipe(inspector);
    // pipe() passes on neither errors nor a close without an end: both must stop the storage write
    const cut = new Promise<never>((_, reject) => {
      file.once('error', reject);
      file.once('close', () => {
        if (!file.readableEnded) reject(new UploadBrokenError('malformed'));
      });
    });
    cut.catch(() => undefined);
    try {
      return await body.guard(Promise.race([storing, cut]));
    } catch (error) {
      file.unpipe(inspector);
      inspector.destroy(error instanceof Error ? error : new Error(String(error)));
      await storing.catch(() => undefined);
      if (!file.destroyed) file.resume(); // discard the rest of a refused file
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The scan job of an upload, with `manager` (the transaction that writes the row, or the retention run's):
   * job id `scan-<id>`, so while one is in the queue another is not added, and once one has committed its
   * verdict another is not run (`ScanJobs`).
   */
  async enqueueScan(manager: EntityManager, documentId: string): Promise<void> {
    await this.outbox.enqueue(manager, 'scan', { documentId } satisfies ScanJobData, {
      name: 'scan',
      jobId: scanJobId(documentId),
    });
  }

  publishStatus(manager: EntityManager, document: DocumentEntity, traceId: string | null): Promise<unknown> {
    return this.outbox.publish(
      manager,
      'document.status-changed',
      document.id,
      {
        documentId: document.id,
        ownerId: document.ownerId ?? '',
        status: document.status,
        mediaType: document.mediaType,
      },
      { traceId },
    );
  }

  async list(user: AuthUser, limit = DEFAULT_LIMIT, cursor?: string) {
    const rows = await this.documents.listOwned(user.id, limit, decodeCursor(cursor));
    return toPage(rows, limit, toDto);
  }

  /** The document if `user` may see it (404 otherwise), and in which capacity. */
  async accessible(user: AuthUser, id: string): Promise<{ document: DocumentEntity; role: AccessRole }> {
    const document = await this.documents.findById(id);
    if (!document) throw new DocumentsProblem('document-not-found');
    if (user.kind === 'user' && document.ownerId === user.id) return { document, role: 'owner' };
    const staff = isStaff(user);
    const client = clientHasAllScopes(user, ['applications:read']);
    if ((staff || client) && (await this.documents.linkedToSubmittedApplication(document))) {
      return { document, role: staff ? 'staff' : 'client' };
    }
    if (user.kind === 'user' && (await this.documents.postedByStaffTo(document.id, user.id))) {
      return { document, role: 'recipient' };
    }
    throw new DocumentsProblem('document-not-found');
  }

  async metadata(user: AuthUser, id: string, requestId: string): Promise<DocumentDto> {
    const { document, role } = await this.accessible(user, id);
    await this.auditRead(user, role, document, 'document.read', requestId);
    return toDto(document);
  }

  async content(
    user: AuthUser,
    id: string,
    requestId: string,
  ): Promise<{ document: DocumentEntity; stream: Readable }> {
    const { document, role } = await this.accessible(user, id);
    if (document.status === 'pending_scan') throw new DocumentsProblem('document-not-scanned');
    if (document.status === 'rejected') throw new DocumentsProblem('document-rejected');
    // a delete that commits between the row read and the file read leaves no file: the document is gone
    const stream = await this.storage.get(document.storageKey).catch((error: unknown) => {
      if (error instanceof StoredFileNotFound) throw new DocumentsProblem('document-not-found');
      throw error;
    });
    await this.auditRead(user, role, document, 'document.downloaded', requestId);
    return { document, stream };
  }

  /** Staff and machine-client reads of a citizen's document are audited. */
  private async auditRead(
    user: AuthUser,
    role: AccessRole,
    document: DocumentEntity,
    action: 'document.read' | 'document.downloaded',
    requestId: string,
  ): Promise<void> {
    if (role !== 'staff' && role !== 'client') return;
    await this.audit.record(this.dataSource.manager, {
      actor: user,
      action,
      documentId: document.id,
      details: { as: role, ownerId: document.ownerId },
      requestId,
    });
  }

  /** Owner only; 409 while part of a submitted application that is not closed. Storage first, then the row. */
  async delete(user: AuthUser, id: string, requestId: string): Promise<void> {
    const { document, role } = await this.accessible(user, id);
    if (role !== 'owner') throw new DocumentsProblem('not-the-owner');
    await this.dataSource.transaction(async (manager) => {
      // the row lock orders this against a concurrent application.submitted linking it
      const locked = await manager
        .createQueryBuilder(DocumentEntity, 'd')
        .setLock('pessimistic_write')
        .where('d.id = :id', { id })
        .getOne();
      if (!locked) throw new DocumentsProblem('document-not-found');
      const open = await this.documents.openApplicationsOf(id, manager);
      if (open.length > 0) {
        throw new DocumentsProblem('document-in-use', `It belongs to application ${open.join(', ')}.`);
      }
      await this.storage.delete(document.storageKey);
      await this.removeRow(manager, locked, user, 'document.deleted', requestId);
    });
  }

  /** Deletes the row (its file is gone already), audits and tells the others. */
  async removeRow(
    manager: EntityManager,
    document: DocumentEntity,
    actor: AuthUser | 'system',
    action: 'document.deleted' | 'document.erased',
    requestId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.delete(DocumentEntity, { id: document.id });
    await manager.query('DELETE FROM application_documents WHERE document_id = $1', [document.id]);
    await this.audit.record(manager, {
      actor,
      action,
      documentId: document.id,
      details: { kind: document.kind, ownerId: document.ownerId, ...details },
      requestId,
    });
    if (document.ownerId) {
      await this.outbox.publish(
        manager,
        'document.deleted',
        document.id,
        { documentId: document.id, ownerId: document.ownerId },
        { traceId: requestId },
      );
    }
  }
}
