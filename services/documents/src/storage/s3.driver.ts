import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type StorageDriver, StoredFileNotFound } from './storage-driver';

export interface S3DriverOptions {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** scratch space: an upload is spooled here so that S3 gets a known length, never held in memory */
  scratchDir: string;
}

/** Objects in an S3 bucket (AWS, MinIO or any S3-compatible server). */
export class S3StorageDriver implements StorageDriver {
  readonly name = 's3' as const;
  readonly client: S3Client;
  private readonly scratch: string;

  constructor(private readonly options: S3DriverOptions) {
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // S3-compatible servers do not all know the newer flexible checksums
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.accessKeyId && options.secretAccessKey) {
      config.credentials = {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
      };
    }
    this.client = new S3Client(config);
    this.scratch = resolve(options.scratchDir, '.s3-spool');
  }

  async put(key: string, source: Readable): Promise<void> {
    assertStorageKey(key);
    await mkdir(this.scratch, { recursive: true });
    const tmp = join(this.scratch, `${randomBytes(8).toString('hex')}.part`);
    try {
      await pipeline(source, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      const { size } = await stat(tmp);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: createReadStream(tmp),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    } catch (error) {
      source.destroy();
      throw error;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (!(result.Body instanceof Readable)) throw new StoredFileNotFound(key);
      return result.Body;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        throw new StoredFileNotFound(key);
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }
}
