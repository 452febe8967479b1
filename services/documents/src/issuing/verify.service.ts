import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { DocumentsProblem } from '../common/documents.errors';
import { DocumentsConfig } from '../config';
import { DocumentEntity } from '../documents/document.entity';
import { KeyRing } from '../storage/keys';
import { brokenUploadProblem, receiveFile, UploadBrokenError } from '../uploads/upload-body';
import type { VerificationDto } from './dto/verify.dto';
import { normalizeVerificationCode } from './verification-code';

/**
 * Public verification of issued documents by the code printed on them. Answers what a verifier needs
 * (validity, type, date, issuer, hash, signature) and never anything about the person.
 */
@Injectable()
export class VerifyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: DocumentsConfig,
    private readonly keys: KeyRing,
  ) {}

  async verify(rawCode: string, sha256?: string): Promise<VerificationDto> {
    const document = await this.find(rawCode);
    const answer = this.describe(document);
    if (sha256 !== undefined) {
      answer.matches = sha256.toLowerCase() === document.sha256;
      answer.valid = answer.valid && answer.matches;
    }
    return answer;
  }

  /** Hashes the uploaded file while it streams (never stored, never held whole) and compares. */
  async verifyFile(rawCode: string, request: FastifyRequest): Promise<VerificationDto> {
    await this.find(rawCode); // an unknown code is 404 before any body is read
    if (!request.isMultipart()) throw new DocumentsProblem('file-missing');
    const { part, body } = await receiveFile(request, this.config.UPLOAD_IDLE_TIMEOUT_MS);
    try {
      const hash = createHash('sha256');
      await body.guard(
        pipeline(
          part.file,
          new Writable({
            write(chunk: Buffer, _encoding, callback) {
              hash.update(chunk);
              callback();
            },
          }),
        ),
      );
      if (part.file.truncated) throw new DocumentsProblem('file-too-large');
      await body.finish();
      return await this.verify(rawCode, hash.digest('hex'));
    } catch (error) {
      const explained = body.explain(error);
      if (explained instanceof UploadBrokenError) throw brokenUploadProblem(explained);
      throw error;
    } finally {
      body.dispose();
    }
  }

  private async find(rawCode: string): Promise<DocumentEntity> {
    const code = normalizeVerificationCode(rawCode);
    if (!code) throw new DocumentsProblem('verification-not-found');
    const document = await this.dataSource.manager.findOneBy(DocumentEntity, {
      verificationCode: code,
      kind: 'issued',
    });
    if (!document) throw new DocumentsProblem('verification-not-found');
    return document;
  }

  private describe(document: DocumentEntity): VerificationDto {
    const signatureValid = this.signatureValid(document);
    return {
      valid: signatureValid,
      documentType: document.documentType ?? 'document',
      issuedAt: document.createdAt.toISOString(),
      issuer: this.config.CITY_NAME,
      sha256: document.sha256,
      signature: document.signature ?? '',
      signatureAlgorithm: 'Ed25519',
      signingKeyId: document.signingKeyId ?? '',
      publicKey: this.keys.publicKeyBase64Url(),
    };
  }

  /** The stored signature over the stored hash, checked with our public key (catches edited records). */
  private signatureValid(document: DocumentEntity): boolean {
    if (!document.signature || document.signingKeyId !== this.keys.signingKeyId) return false;
    try {
      const key = createPublicKey(this.keys.verifyKey.export({ format: 'pem', type: 'spki' }));
      return verify(
        null,
        Buffer.from(document.sha256, 'hex'),
        key,
        Buffer.from(document.signature, 'base64'),
      );
    } catch {
      return false;
    }
  }
}
